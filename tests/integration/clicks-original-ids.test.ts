import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/clicks/route";
import { getDb } from "@/db";
import { saveTimeline } from "@/db/queries/videos";
import { analysisRuns, clicks, trackBoxes, tracks, videos } from "@/db/schema";
import { resetRateLimits } from "@/lib/api/rate-limit";
import { exportGroupFile, exportVideoCsv } from "@/lib/clicks/export";
import { invalidateMatchIndex } from "@/lib/clicks/match-index";
import { matchPendingClicks } from "@/lib/clicks/service";
import { encodeTimeline, makeTimeline } from "@/lib/media/timeline";
import { createTestDb, TEST_DB } from "../helpers/db";
import { call } from "../helpers/http";

// The original system's click file, as it was: its videoId is the watch URL's query without the host,
// `ID&list=…&index=…` (the format its clicks files were named with).
const ORIGINAL_ID = "VESeA6leQuk&list=PLA0M1Bcd0w8yv0XGiF1wjerjSZVSrYbjh&index=37";
const originalFile = [
  { x: 312, y: 188, timestamp: 1.25, videoId: ORIGINAL_ID },
  { x: 40, y: 30, timestamp: 2.5, videoId: ORIGINAL_ID },
  { x: 330, y: 200, timestamp: 0.1, videoId: ORIGINAL_ID },
];
const matchShape = { clickId: expect.any(Number), status: expect.any(String), frameIndex: expect.toBeOneOf([null, expect.any(Number)]), match: expect.toBeOneOf([null, expect.any(Object)]), products: expect.any(Array) };

let drop: () => Promise<void>;
beforeAll(async () => {
  ({ drop } = await createTestDb());
});
afterAll(async () => drop());
beforeEach(() => {
  resetRateLimits();
  invalidateMatchIndex();
});

describe(`the original system's video ids on POST /api/clicks (${TEST_DB})`, () => {
  it("a video the server has never seen: single and batch answer 2xx with the match shape, stored under the 11-character id", async () => {
    const one = await call(POST, "/api/clicks", { method: "POST", json: originalFile[0] });
    expect(one.status).toBe(201);
    // videoKnown: false lets the extension stop sending clicks for this video for a while.
    expect(one.body).toMatchObject({ ...matchShape, status: "pending", videoKnown: false, message: "This video is not in the shop" });
    const batch = await call(POST, "/api/clicks", { method: "POST", json: originalFile });
    expect(batch.status).toBe(201);
    const results = (batch.body as { results: unknown[] }).results;
    expect(results).toHaveLength(3);
    for (const r of results) expect(r).toMatchObject(matchShape);
    const db = await getDb();
    const stored = await db.select({ youtubeId: clicks.youtubeId, listId: clicks.listId, listIndex: clicks.listIndex }).from(clicks);
    expect(new Set(stored.map((s) => s.youtubeId))).toEqual(new Set(["VESeA6leQuk"]));
    // The playlist and position the id carried are kept with each click (single and batch alike).
    expect(stored).toHaveLength(4);
    for (const s of stored) expect(s).toMatchObject({ listId: "PLA0M1Bcd0w8yv0XGiF1wjerjSZVSrYbjh", listIndex: 37 });
  });

  it("the original-format export writes the id back as the original system did; the CSV has list columns", async () => {
    const db = await getDb();
    const [one] = await db.select({ ip: clicks.ip, userId: clicks.userId }).from(clicks).limit(1);
    const file = await exportGroupFile({ videoId: "VESeA6leQuk", userId: "anonymous", ip: one!.ip });
    const parsed = JSON.parse(await new Response(file.body).text()) as { videoId: string }[];
    expect(parsed).toHaveLength(4);
    for (const c of parsed) expect(c.videoId).toBe(ORIGINAL_ID);
    const csv = (await new Response((await exportVideoCsv("VESeA6leQuk")).body).text()).split("\r\n");
    const head = csv[0]!.split(",");
    const row = csv[1]!.split(",");
    expect(row[head.indexOf("list_id")]).toBe("PLA0M1Bcd0w8yv0XGiF1wjerjSZVSrYbjh");
    expect(row[head.indexOf("list_index")]).toBe("37");
  });

  it("once the video is uploaded and analysed, the same file's clicks match its objects", async () => {
    const db = await getDb();
    const [v] = await db
      .insert(videos)
      .values({ youtubeId: "VESeA6leQuk", title: "original", storageKey: "videos/orig", sizeBytes: 1, width: 640, height: 360, frameCount: 4, status: "ready", publishedAt: new Date() })
      .returning();
    await saveTimeline({ videoId: v!.id, ...encodeTimeline(makeTimeline(1000, Float64Array.from([0, 1000, 2000, 3000]))) });
    await db.insert(analysisRuns).values({ videoId: v!.id, kind: "objects", status: "succeeded" });
    const [t] = await db.insert(tracks).values({ videoId: v!.id, label: "person", firstMs: 0, lastMs: 3000 }).returning();
    await db.insert(trackBoxes).values([0, 3].map((i) => ({ trackId: t!.id, frameIndex: i, ptsMs: i * 1000, x: 250, y: 120, w: 150, h: 200 })));
    // What a finished analysis does: the clicks stored while the video was unknown get matched.
    expect(await matchPendingClicks("VESeA6leQuk")).toBe(4);
    const r = await call(POST, "/api/clicks", { method: "POST", json: originalFile });
    expect(r.status).toBe(201);
    const results = (r.body as { results: { status: string; match: { trackId: number } | null }[] }).results;
    expect(results.map((x) => x.status)).toEqual(["matched", "no_match", "matched"]);
    expect(results[0]?.match?.trackId).toBe(t!.id);
  });
});
