import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as clickPost } from "@/app/api/clicks/route";
import { PUT as keyPut } from "@/app/api/admin/tracks/[id]/keyframes/route";
import { PUT as outsidePut } from "@/app/api/admin/tracks/[id]/outside/route";
import { GET as tracksGet } from "@/app/api/admin/videos/[id]/tracks/route";
import { getDb } from "@/db";
import { saveTimeline } from "@/db/queries/videos";
import { analysisRuns, trackBoxes, tracks, videos } from "@/db/schema";
import { resetRateLimits } from "@/lib/api/rate-limit";
import { exportVideo, importIntoVideo } from "@/lib/exchange/service";
import { encodeTimeline } from "@/lib/media/timeline";
import { getTimeline } from "@/lib/media/timeline-read";
import { localStorage, setStorage } from "@/lib/storage";
import { createTestDb, TEST_DB } from "../helpers/db";
import { call, userWithToken } from "../helpers/http";

// CVAT's "outside" through the API on the real product_demo.mp4 (640×360, 162 VFR frames): PUT
// /api/admin/tracks/:id/outside, the very next click, the studio's boxes, a box edit, and CVAT export/import.

const FIXTURE = path.join(process.cwd(), "tests/fixtures/product_demo.mp4");
type TruthFrame = { index: number; ptsMs: number; boxes: { id: string; x: number; y: number; w: number; h: number }[] };
const truth = JSON.parse(await fsp.readFile(`${FIXTURE}.truth.json`, "utf8")) as { frames: TruthFrame[] };
const truthBox = (frame: number, id: string) => truth.frames[frame]!.boxes.find((b) => b.id === id)!;
const ms = (frame: number) => truth.frames[frame]!.ptsMs;

let drop: () => Promise<void>;
let dir: string;
let admin: string;
let shopper: string;
let videoId: number;
let trackId: number;

async function addVideo(youtubeId: string) {
  const db = await getDb();
  const [v] = await db
    .insert(videos)
    .values({ youtubeId, title: youtubeId, storageKey: "videos/demo.mp4", sizeBytes: 1, width: 640, height: 360, frameCount: 162, status: "ready", publishedAt: new Date() })
    .returning();
  await saveTimeline({ videoId: v!.id, ...encodeTimeline(await getTimeline(FIXTURE)) });
  await db.insert(analysisRuns).values({ videoId: v!.id, kind: "objects", status: "succeeded" });
  return v!.id;
}

/** The astronaut's truth box on every 10th frame of 60–150, as keyframes. */
async function addTrack(vid: number) {
  const db = await getDb();
  const frames = truth.frames.filter((f) => f.index >= 60 && f.index <= 150 && f.index % 10 === 0);
  const [t] = await db.insert(tracks).values({ videoId: vid, label: "person", firstMs: frames[0]!.ptsMs, lastMs: frames.at(-1)!.ptsMs }).returning();
  await db.insert(trackBoxes).values(frames.map((f) => ({ trackId: t!.id, frameIndex: f.index, ptsMs: f.ptsMs, ...truthBox(f.index, "astronaut"), keyframe: true })));
  return t!.id;
}

/** A shopper's click on the astronaut's centre at `frame`: the matched track id or null. */
async function clickAt(frame: number, youtubeId = "OuTsIdEVid1") {
  const b = truthBox(frame, "astronaut");
  const r = await call(clickPost, "/api/clicks", { method: "POST", token: shopper, json: { videoId: youtubeId, x: b.x + b.w / 2, y: b.y + b.h / 2, timestamp: (ms(frame) + 1) / 1000 } });
  return (r.body as { match: { trackId: number } | null }).match?.trackId ?? null;
}

const put = (id: number | string, json: unknown, token = admin) => call(outsidePut, "/x", { method: "PUT", token, params: { id: String(id) }, json });
const rowAt = async (id: number, frame: number) =>
  (await (await getDb()).select().from(trackBoxes).where(and(eq(trackBoxes.trackId, id), eq(trackBoxes.frameIndex, frame))))[0];

beforeAll(async () => {
  ({ drop } = await createTestDb());
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), "fc-outside-"));
  await fsp.mkdir(path.join(dir, "videos"));
  await fsp.copyFile(FIXTURE, path.join(dir, "videos/demo.mp4"));
  setStorage(localStorage(dir));
  admin = (await userWithToken("admin")).token;
  shopper = (await userWithToken("shopper")).token;
  videoId = await addVideo("OuTsIdEVid1");
  trackId = await addTrack(videoId);
  // Shoppers' clicks answer confirmed tracks: this one is shown.
  await (await getDb()).update(tracks).set({ hidden: false }).where(eq(tracks.id, trackId));
});
afterAll(async () => {
  setStorage(undefined);
  await drop();
  await fsp.rm(dir, { recursive: true, force: true });
});
beforeEach(() => resetRateLimits());

describe(`outside spans through the API (${TEST_DB})`, () => {
  it("refuses bad bodies (422), unknown tracks (404) and shoppers (403)", async () => {
    for (const json of [{ ptsMs: -1, outside: true }, { ptsMs: 10, outside: "yes" }, { ptsMs: 10 }, { ptsMs: 10, outside: true, extra: 1 }, { ptsMs: 1e9, outside: true }]) {
      expect((await put(trackId, json)).status, JSON.stringify(json)).toBe(422);
    }
    expect((await put(999999, { ptsMs: 10, outside: true })).status).toBe(404);
    expect((await put(trackId, { ptsMs: 10, outside: true }, shopper)).status).toBe(403);
  });

  it("outside at a frame without a box makes an outside keyframe there; the next click in the span matches nothing", async () => {
    expect(await clickAt(97)).toBe(trackId);
    const r = await put(trackId, { ptsMs: ms(95), outside: true });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ trackId, frameIndex: 95, ptsMs: ms(95), outside: true, created: true });
    expect(await rowAt(trackId, 95)).toMatchObject({ outside: true, keyframe: true });
    for (const f of [95, 97, 99]) expect(await clickAt(f), `frame ${f}`).toBeNull();
    expect(await clickAt(92)).toBe(trackId);
    expect(await clickAt(100)).toBe(trackId);
    // The studio sees the flag on the box.
    const list = await call(tracksGet, `/api/admin/videos/${videoId}/tracks?boxes=1`, { token: admin, params: { id: String(videoId) } });
    const boxes = (list.body as { boxes: { trackId: number; frameIndex: number; outside: boolean }[] }).boxes.filter((b) => b.trackId === trackId);
    expect(boxes.filter((b) => b.outside).map((b) => b.frameIndex)).toEqual([95]);
  });

  it("clearing inside a span brings the object back from that frame; clearing the outside box itself closes the span", async () => {
    const r = await put(trackId, { ptsMs: ms(97) + 0.3, outside: false });
    expect(r.body).toMatchObject({ frameIndex: 97, outside: false, created: true });
    expect(await clickAt(96)).toBeNull();
    expect(await clickAt(98)).toBe(trackId);
    expect((await put(trackId, { ptsMs: ms(95), outside: false })).body).toMatchObject({ frameIndex: 95, outside: false, created: false });
    expect(await clickAt(96)).toBe(trackId);
    // Where the track is shown, clearing changes nothing.
    expect((await put(trackId, { ptsMs: ms(85), outside: false })).body).toMatchObject({ frameIndex: 85, created: false });
    expect(await rowAt(trackId, 85)).toBeUndefined();
  });

  it("a box edit on an outside keyframe shows the object again (outside cleared)", async () => {
    expect((await put(trackId, { ptsMs: ms(110), outside: true })).body).toMatchObject({ frameIndex: 110, created: false });
    expect(await clickAt(115)).toBeNull();
    const b = truthBox(110, "astronaut");
    expect((await call(keyPut, "/x", { method: "PUT", token: admin, params: { id: String(trackId) }, json: { frameIndex: 110, box: [b.x, b.y, b.w, b.h] } })).status).toBe(200);
    expect(await rowAt(trackId, 110)).toMatchObject({ outside: false, keyframe: true });
    expect(await clickAt(115)).toBe(trackId);
  });

  it("CVAT export writes the gap as outside=\"1\"; importing it gives one track with the same gap", async () => {
    expect((await put(trackId, { ptsMs: ms(120), outside: true })).status).toBe(200);
    const out = await exportVideo(videoId, "cvat", true);
    const xml = out.body.toString("utf8");
    const rows = [...xml.matchAll(/<box frame="(\d+)" outside="(\d)"/g)].map((m) => [Number(m[1]), m[2]] as const);
    expect(rows.filter(([, o]) => o === "1").map(([f]) => f)).toEqual([120, 151]);
    expect(rows.some(([f]) => f > 120 && f < 130)).toBe(false);
    const fresh = await addVideo("OuTsIdEVid2");
    const res = await importIntoVideo(fresh, out.body, "cvat");
    expect(res.tracks).toBe(1);
    const back = await (await getDb()).select().from(trackBoxes).where(eq(trackBoxes.trackId, res.trackIds[0]!)).orderBy(asc(trackBoxes.frameIndex));
    expect(back.filter((b) => b.outside).map((b) => b.frameIndex)).toEqual([120]);
    expect(back.some((b) => b.frameIndex > 120 && b.frameIndex < 130)).toBe(false);
    expect([back[0]!.frameIndex, back.at(-1)!.frameIndex]).toEqual([60, 150]);
    // MOT leaves the gap's frames out.
    const mot = await exportVideo(videoId, "mot", true);
    const gt = mot.files.find((f) => f.path === "gt/gt.txt")!.data.trim().split("\n").map((l) => Number(l.split(",")[0]) - 1);
    expect(gt.filter((f) => f >= 120 && f < 130)).toEqual([]);
    expect(gt).toContain(119);
    expect(gt).toContain(130);
  });
});
