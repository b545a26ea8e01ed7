import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DELETE as trackDelete, PATCH as trackPatch } from "@/app/api/admin/tracks/[id]/route";
import { POST as splitPost } from "@/app/api/admin/tracks/[id]/split/route";
import { POST as mergePost } from "@/app/api/admin/tracks/merge/route";
import { POST as bulkPost } from "@/app/api/admin/videos/[id]/tracks/bulk/route";
import { POST as restorePost } from "@/app/api/admin/videos/[id]/tracks/restore/route";
import { POST as manualPost } from "@/app/api/admin/videos/[id]/tracks/route";
import { POST as snapshotPost } from "@/app/api/admin/videos/[id]/tracks/snapshot/route";
import { getDb } from "@/db";
import { saveTimeline } from "@/db/queries/videos";
import { products, trackBoxes, trackProducts, tracks, videos } from "@/db/schema";
import { resetRateLimits } from "@/lib/api/rate-limit";
import { encodeTimeline, ptsMsOf } from "@/lib/media/timeline";
import { getTimeline } from "@/lib/media/timeline-read";
import { createTestDb, TEST_DB } from "../helpers/db";
import { call, userWithToken } from "../helpers/http";

// Undo/redo of structural studio edits: a snapshot of tracks (every column of the track, its boxes and
// product link) and its restore under the same ids, in one transaction, for this video's tracks only.

const FIXTURE = path.join(process.cwd(), "tests/fixtures/product_demo.mp4");

type Snap = { videoId: number; tracks: { track: { id: number; videoId: number; label: string }; boxes: { trackId: number; frameIndex: number }[]; product: { productId: number } | null }[] };
let drop: () => Promise<void>;
let admin: string;
let adminId: number;
let shopper: string;
let videoId: number;
let otherVideo: number;
let otherTrack: number;
let productId: number;
let pts: number[];

async function addVideo(youtubeId: string) {
  const [v] = await (await getDb())
    .insert(videos)
    .values({ youtubeId, title: youtubeId, storageKey: "videos/demo.mp4", sizeBytes: 1, width: 640, height: 360, frameCount: 162, status: "ready" })
    .returning();
  const t = await getTimeline(FIXTURE);
  pts = Array.from({ length: t.frameCount }, (_, i) => ptsMsOf(t, i));
  await saveTimeline({ videoId: v!.id, ...encodeTimeline(t) });
  return v!.id;
}
/** A track with a box every 10th frame in [from, to]; one box unobserved with hidden cells (whole rows travel). */
async function addTrack(vid: number, label: string, from: number, to: number) {
  const db = await getDb();
  const frames = Array.from({ length: Math.floor((to - from) / 10) + 1 }, (_, i) => from + i * 10);
  const [t] = await db.insert(tracks).values({ videoId: vid, label, score: 0.7, firstMs: pts[from]!, lastMs: pts[to]! }).returning();
  await db.insert(trackBoxes).values(
    frames.map((f, i) => ({ trackId: t!.id, frameIndex: f, ptsMs: pts[f]!, x: 100 + i * 3.25, y: 50 + i, w: 80.5, h: 120, score: 0.61, keyframe: i % 2 === 0, observed: i !== 1, hiddenCells: i === 1 ? "ab".repeat(40) : null })),
  );
  return t!.id;
}
const params = (vid: number) => ({ params: { id: String(vid) } });
const snap = (ids: number[], vid = videoId, token = admin) => call(snapshotPost, `/api/admin/videos/${vid}/tracks/snapshot`, { method: "POST", token, json: { trackIds: ids }, ...params(vid) });
const take = async (ids: number[]) => {
  const r = await snap(ids);
  expect(r.status).toBe(200);
  return r.body as Snap;
};
const restore = (snapshot: unknown, removeTrackIds: number[] = [], vid = videoId, token = admin) =>
  call(restorePost, `/api/admin/videos/${vid}/tracks/restore`, { method: "POST", token, json: { snapshot, removeTrackIds }, ...params(vid) });
const existing = async (ids: number[]) => (await (await getDb()).select({ id: tracks.id }).from(tracks).where(inArray(tracks.id, ids))).map((r) => r.id).sort((a, b) => a - b);

beforeAll(async () => {
  ({ drop } = await createTestDb());
  const a = await userWithToken("admin");
  admin = a.token;
  adminId = a.user.id;
  shopper = (await userWithToken("shopper")).token;
  videoId = await addVideo("UnDoVideo01");
  otherVideo = await addVideo("UnDoVideo02");
  otherTrack = await addTrack(otherVideo, "cup", 0, 40);
  const [p] = await (await getDb()).insert(products).values({ sku: "UNDO-HAT", name: "Undo hat", priceCents: 900, stock: 1 }).returning();
  productId = p!.id;
});
afterAll(async () => drop());
beforeEach(() => resetRateLimits());

describe(`studio undo: track snapshots and restore (${TEST_DB})`, () => {
  it("split → restore gives the original track back (same id, same boxes, every column); redo brings the half back under its id", async () => {
    const id = await addTrack(videoId, "person", 0, 60);
    const before = await take([id]);
    expect(before.tracks[0]!.boxes.length).toBe(7);
    expect(before.tracks[0]!.boxes[1]).toMatchObject({ observed: false, hiddenCells: "ab".repeat(40), keyframe: false, score: 0.61 });
    const s = await call(splitPost, `/api/admin/tracks/${id}/split`, { method: "POST", token: admin, json: { frameIndex: 30 }, ...params(id) });
    expect(s.status).toBe(201);
    const half = (s.body as { newTrackId: number }).newTrackId;
    const after = await take([id, half]);
    expect(after.tracks.map((t) => t.boxes.length)).toEqual([3, 4]);

    const u = await restore(before, [half]);
    expect(u.status).toBe(200);
    expect(u.body).toEqual({ videoId, restored: [id], removed: [half], droppedProductLinks: [] });
    expect(await take([id])).toEqual(before);
    expect(await existing([id, half])).toEqual([id]);

    expect((await restore(after, [])).status).toBe(200);
    expect(await take([id, half])).toEqual(after);
  });

  it("merge → restore puts both tracks back; class change → restore", async () => {
    const keep = await addTrack(videoId, "person", 0, 40);
    const gone = await addTrack(videoId, "person", 50, 90);
    const before = await take([keep, gone]);
    expect((await call(mergePost, "/api/admin/tracks/merge", { method: "POST", token: admin, json: { keepId: keep, mergeId: gone } })).status).toBe(200);
    expect(await existing([keep, gone])).toEqual([keep]);
    expect((await restore(before)).status).toBe(200);
    expect(await take([keep, gone])).toEqual(before);

    expect((await call(trackPatch, `/api/admin/tracks/${keep}`, { method: "PATCH", token: admin, json: { label: "backpack" }, ...params(keep) })).status).toBe(200);
    expect((await take([keep])).tracks[0]!.track.label).toBe("backpack");
    expect((await restore({ ...before, tracks: before.tracks.slice(0, 1) })).status).toBe(200);
    expect((await take([keep])).tracks[0]!.track.label).toBe("person");
  });

  it("delete → restore brings the track back with its boxes and product link", async () => {
    const id = await addTrack(videoId, "person", 100, 150);
    await (await getDb()).insert(trackProducts).values({ trackId: id, productId, attachedBy: adminId });
    const before = await take([id]);
    expect(before.tracks[0]!.product).toMatchObject({ trackId: id, productId, attachedBy: adminId });
    expect((await call(trackDelete, `/api/admin/tracks/${id}`, { method: "DELETE", token: admin, ...params(id) })).status).toBe(200);
    expect(await existing([id])).toEqual([]);
    expect((await restore(before)).status).toBe(200);
    expect(await take([id])).toEqual(before);
    const [link] = await (await getDb()).select().from(trackProducts).where(eq(trackProducts.trackId, id));
    expect(link?.productId).toBe(productId);
  });

  it("bulk delete → restore; a new track afterwards gets a fresh id (the identity sequence is intact)", async () => {
    const ids = [await addTrack(videoId, "cup", 0, 20), await addTrack(videoId, "cup", 30, 50), await addTrack(videoId, "cup", 60, 80)];
    const before = await take(ids);
    const r = await call(bulkPost, `/api/admin/videos/${videoId}/tracks/bulk`, { method: "POST", token: admin, json: { action: "delete", trackIds: ids }, ...params(videoId) });
    expect(r.status).toBe(200);
    expect(await existing(ids)).toEqual([]);
    expect((await restore(before)).status).toBe(200);
    expect(await take(ids)).toEqual(before);
    const m = await call(manualPost, `/api/admin/videos/${videoId}/tracks`, { method: "POST", token: admin, json: { label: "lamp", frameIndex: 5, box: [10, 10, 40, 40] }, ...params(videoId) });
    expect(m.status).toBe(201);
    const all = (await (await getDb()).select({ id: tracks.id }).from(tracks)).map((t) => t.id);
    expect((m.body as { trackId: number }).trackId).toBe(Math.max(...all));
    expect(new Set(all).size).toBe(all.length);
  });

  it("refuses another video's tracks, foreign removals, forged ids and ill-formed snapshots; admins only", async () => {
    const id = await addTrack(videoId, "person", 0, 20);
    const before = await take([id]);
    // A snapshot naming a track of another video.
    expect((await snap([id, otherTrack])).status).toBe(422);
    const foreign = { ...before, tracks: [{ ...before.tracks[0]!, track: { ...before.tracks[0]!.track, id: otherTrack }, boxes: before.tracks[0]!.boxes.map((b) => ({ ...b, trackId: otherTrack })) }] };
    const r = await restore(foreign);
    expect(r.status).toBe(422);
    expect(JSON.stringify(r.body)).toContain(String(otherTrack));
    expect((await take([id])).tracks[0]!.boxes.length).toBe(3);
    expect((await restore(before, [otherTrack])).status).toBe(422);
    expect((await restore(before, [], otherVideo)).status).toBe(422);
    expect((await restore({ ...before, tracks: [{ ...before.tracks[0]!, track: { ...before.tracks[0]!.track, videoId: otherVideo } }] })).status).toBe(422);
    // An id never handed out, a box of another track, an unknown column, a bad type.
    const forged = 2_000_000_000;
    expect((await restore({ ...before, tracks: [{ ...before.tracks[0]!, track: { ...before.tracks[0]!.track, id: forged }, boxes: [] }] })).status).toBe(422);
    expect((await restore({ ...before, tracks: [{ ...before.tracks[0]!, boxes: before.tracks[0]!.boxes.map((b) => ({ ...b, trackId: otherTrack })) }] })).status).toBe(422);
    expect((await restore({ ...before, tracks: [{ ...before.tracks[0]!, track: { ...before.tracks[0]!.track, extra: 1 } }] })).status).toBe(422);
    expect((await restore({ ...before, tracks: [{ ...before.tracks[0]!, boxes: [{ ...before.tracks[0]!.boxes[0]!, x: "10" }] }] })).status).toBe(422);
    expect(await existing([forged, otherTrack])).toEqual([otherTrack]);
    expect((await take([id])).tracks[0]).toEqual(before.tracks[0]);
    // Who and where.
    expect((await snap([id], videoId, shopper)).status).toBe(403);
    expect((await restore(before, [], videoId, shopper)).status).toBe(403);
    expect((await snap([id], 1_999_999_999)).status).toBe(404);
    expect((await restore({ ...before, videoId: 1_999_999_999 }, [], 1_999_999_999)).status).toBe(404);
  });
});
