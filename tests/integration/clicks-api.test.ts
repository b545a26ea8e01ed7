import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { OPTIONS, POST } from "@/app/api/clicks/route";
import { getDb } from "@/db";
import { saveTimeline } from "@/db/queries/videos";
import { analysisRuns, clicks, products, trackBoxes, trackProducts, tracks, videos } from "@/db/schema";
import { revokeApiToken } from "@/db/queries/users";
import { resetRateLimits } from "@/lib/api/rate-limit";
import { invalidateMatchIndex } from "@/lib/clicks/match-index";
import { matchPendingClicks } from "@/lib/clicks/service";
import { encodeTimeline, makeTimeline } from "@/lib/media/timeline";
import { createTestDb, TEST_DB } from "../helpers/db";
import { call, userWithToken } from "../helpers/http";

// A 640×360 VFR video: frames at 0, 40, 80, 200 (a gap), 240 ms — timescale 1000 for readability.
const PTS = [0, 40, 80, 200, 240];
let drop: () => Promise<void>;
let token: string;
let tokenId: number;
let userId: number;
let videoId: number;
let personTrack: number;
let cupTrack: number;
let jacketId: number;

async function addVideo(youtubeId: string, analysed: boolean) {
  const db = await getDb();
  const [v] = await db
    .insert(videos)
    .values({ youtubeId, title: youtubeId, storageKey: `videos/${youtubeId}`, sizeBytes: 1, width: 640, height: 360, frameCount: PTS.length, status: "ready", publishedAt: new Date() })
    .returning();
  await saveTimeline({ videoId: v!.id, ...encodeTimeline(makeTimeline(1000, Float64Array.from(PTS))) });
  if (analysed) await db.insert(analysisRuns).values({ videoId: v!.id, kind: "objects", status: "succeeded" });
  return v!.id;
}

async function addTrack(vid: number, label: string, boxes: [number, number, number, number, number, number][]) {
  const db = await getDb();
  const [t] = await db.insert(tracks).values({ videoId: vid, label, firstMs: boxes[0]![1], lastMs: boxes.at(-1)![1] }).returning();
  await db.insert(trackBoxes).values(boxes.map(([frameIndex, ptsMs, x, y, w, h]) => ({ trackId: t!.id, frameIndex, ptsMs, x, y, w, h })));
  return t!.id;
}

beforeAll(async () => {
  ({ drop } = await createTestDb());
  ({ token, tokenId, user: { id: userId } } = await userWithToken("shopper"));
  videoId = await addVideo("AbCdEfGhIj0", true);
  // The person moves right by 100 px between frame 0 (0 ms) and frame 3 (200 ms); the cup sits inside the person box.
  personTrack = await addTrack(videoId, "person", [[0, 0, 100, 50, 200, 300], [3, 200, 200, 50, 200, 300]]);
  cupTrack = await addTrack(videoId, "cup", [[0, 0, 150, 100, 40, 40], [4, 240, 150, 100, 40, 40]]);
  const db = await getDb();
  const [jacket] = await db.insert(products).values({ sku: "JACKET", name: "Jacket", priceCents: 9900, currency: "EUR", stock: 3, itemName: "person" }).returning();
  const [mug] = await db.insert(products).values({ sku: "MUG", name: "Mug", priceCents: 1200, currency: "EUR", stock: 0, itemName: "cup" }).returning();
  jacketId = jacket!.id;
  await db.insert(trackProducts).values({ trackId: personTrack, productId: jacketId });
  expect(mug).toBeDefined();
});
afterAll(async () => drop());
beforeEach(() => {
  resetRateLimits();
  invalidateMatchIndex();
});

const click = (over: Record<string, unknown> = {}) => ({ x: 120, y: 200, timestamp: 0.01, videoId: "AbCdEfGhIj0", ...over });

describe(`POST /api/clicks (${TEST_DB})`, () => {
  it("matches the object on the frame on screen and stores the click before answering", async () => {
    const r = await call(POST, "/api/clicks", { method: "POST", json: click(), token, headers: { "x-forwarded-for": "9.9.9.9" } });
    expect(r.status).toBe(201);
    expect(r.res.headers.get("access-control-allow-origin")).toBe("*");
    const body = r.body as { clickId: number; status: string; match: { trackId: number; frameIndex: number; ptsMs: number }; products: { id: number; url: string }[] };
    expect(body).toMatchObject({ status: "matched", match: { trackId: personTrack, label: "person", frameIndex: 0, ptsMs: 0 } });
    expect(body.products.map((p) => p.id)).toEqual([jacketId]);
    const db = await getDb();
    const [row] = await db.select().from(clicks).where(eq(clicks.id, body.clickId));
    expect(row).toMatchObject({ userId, tokenId, ip: "9.9.9.9", frameIndex: 0, trackId: personTrack, productId: jacketId, matchState: "matched" });
  });

  it("uses the last frame with pts ≤ t (inside a gap), interpolating boxes between analysed frames", async () => {
    // At t = 0.199 s frame 2 (80 ms) is on screen; the person box has moved 40 px right by then.
    const r = await call(POST, "/api/clicks", { method: "POST", json: click({ x: 105, timestamp: 0.199 }), token });
    expect(r.body).toMatchObject({ frameIndex: 2, ptsMs: 80, status: "no_match" });
    const r2 = await call(POST, "/api/clicks", { method: "POST", json: click({ x: 145, timestamp: 0.199 }), token });
    expect(r2.body).toMatchObject({ frameIndex: 2, match: { trackId: personTrack, box: [140, 50, 200, 300] } });
  });

  it("holds a sampled track's last box until the next sampled frame, not a hand-drawn track's", async () => {
    // 30 fps video analysed at 5 fps: tracks seen at 0, 200 and 400 ms; the video goes on to 633 ms.
    const db = await getDb();
    const [v] = await db.insert(videos).values({ youtubeId: "SaMpLeD0005", title: "sampled", storageKey: "videos/s", sizeBytes: 1, width: 640, height: 360, frameCount: 20, status: "ready", publishedAt: new Date() }).returning();
    await saveTimeline({ videoId: v!.id, ...encodeTimeline(makeTimeline(3000, Float64Array.from({ length: 20 }, (_, i) => i * 100))) });
    const [run] = await db.insert(analysisRuns).values({ videoId: v!.id, kind: "objects", status: "succeeded", params: { analysisFps: 5 } }).returning();
    for (const [source, x] of [["auto", 10], ["manual", 300]] as const) {
      const [t] = await db.insert(tracks).values({ videoId: v!.id, runId: run!.id, label: "dog", source, firstMs: 0, lastMs: 400 }).returning();
      await db.insert(trackBoxes).values([0, 6, 12].map((frameIndex) => ({ trackId: t!.id, frameIndex, ptsMs: (frameIndex * 100) / 3, x, y: 10, w: 100, h: 100 })));
    }
    const at = async (x: number, timestamp: number) => (await call(POST, "/api/clicks", { method: "POST", json: click({ videoId: "SaMpLeD0005", x, y: 50, timestamp }), token })).body as { status: string; frameIndex: number };
    expect(await at(50, 0.5667)).toMatchObject({ status: "matched", frameIndex: 17 });
    expect(await at(350, 0.5667)).toMatchObject({ status: "no_match", frameIndex: 17 });
    expect(await at(350, 0.4)).toMatchObject({ status: "matched", frameIndex: 12 });
    expect(await at(50, 0.6)).toMatchObject({ status: "no_match", frameIndex: 18 });
  });

  it("picks the smallest of nested boxes and falls back to catalogue rules by class", async () => {
    const r = await call(POST, "/api/clicks", { method: "POST", json: click({ x: 160, y: 110 }), token });
    expect(r.body).toMatchObject({ status: "matched", match: { trackId: cupTrack, label: "cup" }, products: [{ name: "Mug", inStock: false }] });
  });

  it("maps player pixels through YouTube's letterbox, and clicks in the bars match nothing", async () => {
    // A 1280×900 player shows the 640×360 picture scaled ×2 at y = 90..810.
    const inside = await call(POST, "/api/clicks", { method: "POST", json: click({ x: 240, y: 90 + 400, playerWidth: 1280, playerHeight: 900, videoWidth: 640, videoHeight: 360 }), token });
    expect(inside.body).toMatchObject({ status: "matched", match: { trackId: personTrack } });
    const bars = await call(POST, "/api/clicks", { method: "POST", json: click({ x: 240, y: 40, playerWidth: 1280, playerHeight: 900, videoWidth: 640, videoHeight: 360 }), token });
    expect(bars.body).toMatchObject({ status: "outside", match: null, products: [] });
  });

  it("accepts a batch, anonymous clicks with a device id, and the original system's list/index video ids", async () => {
    const r = await call(POST, "/api/clicks", {
      method: "POST",
      json: [click({ deviceId: "device-123456" }), click({ videoId: "https://www.youtube.com/watch?v=AbCdEfGhIj0&list=PLxyz123&index=3", deviceId: "device-123456" })],
    });
    expect(r.status).toBe(201);
    const results = (r.body as { results: { status: string }[] }).results;
    expect(results.map((x) => x.status)).toEqual(["matched", "matched"]);
  });

  it("stores clicks on videos not analysed yet as pending and matches them when analysis lands", async () => {
    const r = await call(POST, "/api/clicks", { method: "POST", json: click({ videoId: "ZZZZZZZZZZ1" }), token });
    expect(r.body).toMatchObject({ status: "pending", match: null });
    const vid = await addVideo("ZZZZZZZZZZ1", true);
    await addTrack(vid, "dog", [[0, 0, 100, 150, 100, 100]]);
    invalidateMatchIndex(vid);
    expect(await matchPendingClicks("ZZZZZZZZZZ1")).toBe(1);
    const db = await getDb();
    const [row] = await db.select().from(clicks).where(eq(clicks.id, (r.body as { clickId: number }).clickId));
    expect(row).toMatchObject({ matchState: "matched", frameIndex: 0, videoId: vid });
  });

  it("refuses bad input with clear errors and stores nothing", async () => {
    const db = await getDb();
    const before = (await db.select().from(clicks)).length;
    const cases: [unknown, number][] = [
      [click({ x: -1 }), 422],
      [click({ x: "NaN" }), 422],
      [click({ timestamp: null }), 422],
      [click({ color: "red" }), 422],
      [click({ playerWidth: 100 }), 422],
      [click({ videoId: "../../etc/passwd" }), 422],
      [click({ videoId: "a".repeat(600) }), 422],
      [Array.from({ length: 51 }, () => click()), 422],
      [[], 422],
      [{ ...click(), pad: "x".repeat(40_000) }, 413],
    ];
    for (const [json, status] of cases) {
      const r = await call(POST, "/api/clicks", { method: "POST", json, token });
      expect([JSON.stringify(json).slice(0, 60), r.status]).toEqual([JSON.stringify(json).slice(0, 60), status]);
      expect(r.body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    }
    const malformed = await call(POST, "/api/clicks", { method: "POST", body: "{x:1", headers: { "content-type": "application/json" }, token });
    expect(malformed.status).toBe(400);
    expect((await db.select().from(clicks)).length).toBe(before);
  });

  it("answers the CORS preflight, refuses a revoked token and rate-limits floods", async () => {
    const pre = await OPTIONS();
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-headers")).toContain("authorization");
    const { token: t2, tokenId: id2, user } = await userWithToken("shopper");
    await revokeApiToken(user.id, id2);
    expect((await call(POST, "/api/clicks", { method: "POST", json: click(), token: t2 })).status).toBe(401);
    let limited = 0;
    for (let i = 0; i < 620 && limited === 0; i++) {
      const r = await call(POST, "/api/clicks", { method: "POST", json: click({ x: 5000 }), headers: { "x-forwarded-for": "7.7.7.7" } });
      if (r.status === 429) limited = i;
    }
    expect(limited).toBeGreaterThan(0);
  });
});
