import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as clickPost } from "@/app/api/clicks/route";
import { DELETE as trackDelete, PATCH as trackPatch } from "@/app/api/admin/tracks/[id]/route";
import { POST as follow } from "@/app/api/admin/tracks/[id]/follow/route";
import { DELETE as keyDelete, PUT as keyPut } from "@/app/api/admin/tracks/[id]/keyframes/route";
import { DELETE as productDelete, PUT as productPut } from "@/app/api/admin/tracks/[id]/product/route";
import { POST as splitPost } from "@/app/api/admin/tracks/[id]/split/route";
import { POST as mergePost } from "@/app/api/admin/tracks/merge/route";
import { GET as tracksGet, POST as manualPost } from "@/app/api/admin/videos/[id]/tracks/route";
import { getDb } from "@/db";
import { iou, type Box } from "@/lib/geometry/views";
import { saveTimeline } from "@/db/queries/videos";
import { analysisRuns, products, trackBoxes, tracks, videos } from "@/db/schema";
import { resetRateLimits } from "@/lib/api/rate-limit";
import { localStorage, setStorage } from "@/lib/storage";
import { encodeTimeline } from "@/lib/media/timeline";
import { getTimeline } from "@/lib/media/timeline-read";
import { createTestDb, TEST_DB } from "../helpers/db";
import { call, userWithToken } from "../helpers/http";

// The studio API on the real product_demo.mp4 (640×360, 162 VFR frames, exact truth boxes): every edit
// is validated, stamps edited_at, and the very next click sees it (the match index is dropped at once).

const FIXTURE = path.join(process.cwd(), "tests/fixtures/product_demo.mp4");
type TruthFrame = { index: number; ptsMs: number; boxes: { id: string; x: number; y: number; w: number; h: number }[] };
const truth = JSON.parse(await fsp.readFile(`${FIXTURE}.truth.json`, "utf8")) as { frames: TruthFrame[] };
const truthBox = (frame: number, id: string) => truth.frames[frame]!.boxes.find((b) => b.id === id)!;

let drop: () => Promise<void>;
let dir: string;
let admin: string;
let shopper: string;
let videoId: number;
let otherVideoTrack: number;
let personTrack: number;
let cupTrack: number;
let hatId: number;

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

/** An auto track from the truth boxes of every 10th frame in [from, to]. */
async function addTruthTrack(vid: number, id: string, label: string, from: number, to: number) {
  const db = await getDb();
  const frames = truth.frames.filter((f) => f.index >= from && f.index <= to && f.index % 10 === 0 && f.boxes.some((b) => b.id === id));
  const [t] = await db.insert(tracks).values({ videoId: vid, label, firstMs: frames[0]!.ptsMs, lastMs: frames.at(-1)!.ptsMs }).returning();
  await db.insert(trackBoxes).values(frames.map((f) => ({ trackId: t!.id, frameIndex: f.index, ptsMs: f.ptsMs, ...truthBox(f.index, id), keyframe: true })));
  return t!.id;
}

const ms = (frame: number) => truth.frames[frame]!.ptsMs;
const click = (x: number, y: number, frame: number) =>
  call(clickPost, "/api/clicks", { method: "POST", token: shopper, json: { videoId: "StUdIoVid01", x, y, timestamp: (ms(frame) + 1) / 1000 } }).then(
    (r) => r.body as { status: string; match: { trackId: number } | null; products: { id: number }[] },
  );
const as = (token: string) => ({ token });

beforeAll(async () => {
  ({ drop } = await createTestDb());
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), "fc-studio-"));
  await fsp.mkdir(path.join(dir, "videos"));
  await fsp.copyFile(FIXTURE, path.join(dir, "videos/demo.mp4"));
  setStorage(localStorage(dir));
  admin = (await userWithToken("admin")).token;
  shopper = (await userWithToken("shopper")).token;
  videoId = await addVideo("StUdIoVid01");
  personTrack = await addTruthTrack(videoId, "astronaut", "person", 60, 150);
  cupTrack = await addTruthTrack(videoId, "cup", "cup", 40, 150);
  otherVideoTrack = await addTruthTrack(await addVideo("OtHeRvId002"), "cup", "cup", 40, 150);
  const db = await getDb();
  const [hat] = await db.insert(products).values({ sku: "HAT", name: "Space hat", priceCents: 2500, stock: 5, itemName: null }).returning();
  hatId = hat!.id;
});
afterAll(async () => {
  setStorage(undefined);
  await drop();
  await fsp.rm(dir, { recursive: true, force: true });
});
beforeEach(() => resetRateLimits());

const editedAt = async (id: number) => (await (await getDb()).select({ e: tracks.editedAt }).from(tracks).where(eq(tracks.id, id)))[0]?.e;

describe(`studio API (${TEST_DB})`, () => {
  it("lists the video's tracks with spans, products and boxes; admins only", async () => {
    const r = await call(tracksGet, `/api/admin/videos/${videoId}/tracks?boxes=1`, { ...as(admin), params: { id: String(videoId) } });
    expect(r.status).toBe(200);
    const body = r.body as { width: number; frameCount: number; tracks: { id: number; label: string; product: null; boxCount: number; firstFrame: number; lastFrame: number; editedAt: null }[]; boxes: unknown[] };
    expect(body).toMatchObject({ width: 640, frameCount: 162 });
    expect(body.tracks.map((t) => t.id).sort()).toEqual([personTrack, cupTrack].sort());
    expect(body.tracks.find((t) => t.id === personTrack)).toMatchObject({ label: "person", product: null, firstFrame: 60, lastFrame: 150, editedAt: null });
    expect(body.boxes.length).toBe(body.tracks.reduce((s, t) => s + t.boxCount, 0));
    expect((await call(tracksGet, `/api/admin/videos/${videoId}/tracks`, { ...as(shopper), params: { id: String(videoId) } })).status).toBe(403);
  });

  it("attaching a product is matched by the very next click; removing it too", async () => {
    const b = truthBox(100, "astronaut");
    const before = await click(b.x + b.w / 2, b.y + b.h / 2, 100);
    expect(before.match?.trackId).toBe(personTrack);
    expect(before.products.map((p) => p.id)).not.toContain(hatId);
    const r = await call(productPut, "/x", { method: "PUT", ...as(admin), params: { id: String(personTrack) }, json: { productId: hatId } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ trackId: personTrack, product: { id: hatId, sku: "HAT" } });
    expect(await editedAt(personTrack)).toBeInstanceOf(Date);
    const after = await click(b.x + b.w / 2, b.y + b.h / 2, 100);
    expect(after.products.map((p) => p.id)).toEqual([hatId]);
    expect((await call(productDelete, "/x", { method: "DELETE", ...as(admin), params: { id: String(personTrack) } })).status).toBe(200);
    expect((await click(b.x + b.w / 2, b.y + b.h / 2, 100)).products.map((p) => p.id)).not.toContain(hatId);
    expect((await call(productDelete, "/x", { method: "DELETE", ...as(admin), params: { id: String(personTrack) } })).status).toBe(404);
  });

  it("refuses bad edits with clear 4xx in the one error shape", async () => {
    const bad = async (p: Promise<{ status: number; body: unknown }>, status: number, msg: RegExp) => {
      const r = await p;
      expect(r.status).toBe(status);
      const e = (r.body as { error: { code: string; message: string; details?: { message: string }[] } }).error;
      expect(`${e.message} ${(e.details ?? []).map((d) => d.message).join(" ")}`).toMatch(msg);
    };
    await bad(call(trackPatch, "/x", { method: "PATCH", ...as(admin), params: { id: "999999" }, json: { label: "dog" } }), 404, /Track not found/);
    await bad(call(trackPatch, "/x", { method: "PATCH", ...as(admin), params: { id: String(cupTrack) }, json: { label: "space;ship" } }), 422, /letters and digits/);
    await bad(call(productPut, "/x", { method: "PUT", ...as(admin), params: { id: String(cupTrack) }, json: { productId: 999999 } }), 422, /does not exist/);
    await bad(call(splitPost, "/x", { method: "POST", ...as(admin), params: { id: String(cupTrack) }, json: { frameIndex: 10 } }), 422, /Split inside the track/);
    await bad(call(splitPost, "/x", { method: "POST", ...as(admin), params: { id: String(cupTrack) }, json: { frameIndex: 5000 } }), 422, /162 frames/);
    await bad(call(mergePost, "/x", { method: "POST", ...as(admin), json: { keepId: cupTrack, mergeId: cupTrack } }), 422, /itself/);
    await bad(call(mergePost, "/x", { method: "POST", ...as(admin), json: { keepId: cupTrack, mergeId: otherVideoTrack } }), 422, /different videos/);
    await bad(call(manualPost, "/x", { method: "POST", ...as(admin), params: { id: String(videoId) }, json: { label: "cat", frameIndex: 3, box: [600, 10, 80, 50] } }), 422, /outside the 640×360 frame/);
    await bad(call(manualPost, "/x", { method: "POST", ...as(admin), params: { id: String(videoId) }, json: { label: "cat", frameIndex: 3, box: [10, 10, -5, 50] } }), 422, /width must be > 0/);
    await bad(call(keyDelete, "/x?frameIndex=3", { method: "DELETE", ...as(admin), params: { id: String(cupTrack) } }), 404, /Box on frame 3/);
    await bad(call(trackDelete, "/x", { method: "DELETE", ...as(shopper), params: { id: String(cupTrack) } }), 403, /Admins only/);
    expect(await editedAt(cupTrack)).toBeNull(); // nothing above changed it
  });

  it("a drawn box becomes a manual track that clicks match, keyframes interpolate, and it can be followed", async () => {
    // The dog on frame 60 was never tracked: a click there matches nothing (or the person it overlaps).
    const d = truthBox(60, "dog");
    const pt = [d.x + 15, d.y + d.h - 15] as const;
    const before = await click(pt[0], pt[1], 60);
    expect(before.match?.trackId ?? null).not.toBe(undefined);
    const made = await call(manualPost, "/x", { method: "POST", ...as(admin), params: { id: String(videoId) }, json: { label: "dog", frameIndex: 60, box: [d.x, d.y, d.w, d.h] } });
    expect(made.status).toBe(201);
    const manual = (made.body as { trackId: number }).trackId;
    expect((await click(pt[0], pt[1], 60)).match?.trackId).toBe(manual);
    // A second keyframe 20 frames on: a click between them hits the interpolated box.
    const d2 = truthBox(80, "dog");
    expect((await call(keyPut, "/x", { method: "PUT", ...as(admin), params: { id: String(manual) }, json: { frameIndex: 80, box: [d2.x, d2.y, d2.w, d2.h] } })).status).toBe(200);
    const d70 = truthBox(70, "dog");
    expect((await click(d70.x + 10, d70.y + d70.h - 10, 70)).match?.trackId).toBe(manual);
    // Follow it 30 more frames with the template tracker: the followed boxes agree with the truth.
    const f = await call(follow, "/x", { method: "POST", ...as(admin), params: { id: String(manual) }, json: { frames: 30 } });
    expect(f.status).toBe(200);
    const fb = f.body as { stored: number; fromFrame: number; lastFrame: number; stopped: string };
    expect(fb.fromFrame).toBe(80);
    expect(fb.stored).toBeGreaterThanOrEqual(20);
    // The stored followed boxes are what matching uses: a click at the centre of the last one hits the track.
    const stored = await (await getDb()).select().from(trackBoxes).where(eq(trackBoxes.trackId, manual));
    const lastBox = stored.find((k) => k.frameIndex === fb.lastFrame)!;
    expect(lastBox.keyframe).toBe(false);
    expect((await click(lastBox.x + lastBox.w / 2, lastBox.y + lastBox.h / 2, fb.lastFrame)).match?.trackId).toBe(manual);
    // The dog is partly covered by the person and the cup here: report how well it was followed.
    const ious = stored.filter((k) => !k.keyframe).map((k) => iou([k.x, k.y, k.w, k.h], Object.values(truthBox(k.frameIndex, "dog")).slice(1) as Box));
    console.log(`[follow api] dog (occluded) frames 81–${fb.lastFrame}: mean IoU ${(ious.reduce((x, y) => x + y, 0) / ious.length).toFixed(3)}`);
    const rows = await (await getDb()).select().from(tracks).where(eq(tracks.id, manual));
    expect(rows[0]).toMatchObject({ source: "manual", label: "dog" });
    expect(rows[0]!.editedAt).toBeInstanceOf(Date);
    expect(rows[0]!.lastMs).toBeCloseTo(ms(fb.lastFrame), 6);
    const keys = await (await getDb()).select().from(trackBoxes).where(eq(trackBoxes.trackId, manual));
    expect(keys.filter((k) => k.keyframe).map((k) => k.frameIndex).sort((a, b) => a - b)).toEqual([60, 80]);
    // Removing the second keyframe leaves the others.
    expect((await call(keyDelete, "/x?frameIndex=80", { method: "DELETE", ...as(admin), params: { id: String(manual) } })).status).toBe(200);
    // Deleting the track: the click no longer matches it.
    expect((await call(trackDelete, "/x", { method: "DELETE", ...as(admin), params: { id: String(manual) } })).status).toBe(200);
    expect((await click(pt[0], pt[1], 60)).match?.trackId).not.toBe(manual);
  });

  it("splits a track at a frame and merges it back; the class can change", async () => {
    const s = await call(splitPost, "/x", { method: "POST", ...as(admin), params: { id: String(cupTrack) }, json: { frameIndex: 95 } });
    expect(s.status).toBe(201);
    const newId = (s.body as { newTrackId: number }).newTrackId;
    const db = await getDb();
    const [a] = await db.select().from(tracks).where(eq(tracks.id, cupTrack));
    const [b] = await db.select().from(tracks).where(eq(tracks.id, newId));
    expect(a!.lastMs).toBeCloseTo(ms(90), 6);
    expect(b!.firstMs).toBeCloseTo(ms(95), 6); // an interpolated keyframe where the split was made
    const c = truthBox(120, "cup");
    expect((await click(c.x + c.w / 2, c.y + c.h / 2, 120)).match?.trackId).toBe(newId);
    expect((await call(trackPatch, "/x", { method: "PATCH", ...as(admin), params: { id: String(newId) }, json: { label: "Bowl" } })).body).toMatchObject({ label: "bowl" });
    const m = await call(mergePost, "/x", { method: "POST", ...as(admin), json: { keepId: cupTrack, mergeId: newId } });
    expect(m.status).toBe(200);
    expect(await db.select().from(tracks).where(eq(tracks.id, newId))).toEqual([]);
    const [merged] = await db.select().from(tracks).where(eq(tracks.id, cupTrack));
    expect(merged!.lastMs).toBeCloseTo(ms(150), 6);
    expect(merged!.editedAt).toBeInstanceOf(Date);
    expect((await click(c.x + c.w / 2, c.y + c.h / 2, 120)).match?.trackId).toBe(cupTrack);
  });
});
