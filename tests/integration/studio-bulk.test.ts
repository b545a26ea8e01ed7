import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as bulkPost } from "@/app/api/admin/videos/[id]/tracks/bulk/route";
import { getDb } from "@/db";
import { tracks, videos } from "@/db/schema";
import { resetRateLimits } from "@/lib/api/rate-limit";
import { createTestDb, TEST_DB } from "../helpers/db";
import { call, userWithToken } from "../helpers/http";

// Bulk hide/show/delete of a video's tracks (the studio's filtered track list): only that video's
// tracks, all or nothing, admins only; each changed track counts as edited (a re-run keeps it).

let drop: () => Promise<void>;
let admin: string;
let shopper: string;
let videoId: number;
let mine: number[];
let other: number;

async function addVideo(youtubeId: string) {
  const [v] = await (await getDb()).insert(videos).values({ youtubeId, title: youtubeId, storageKey: `videos/${youtubeId}.mp4`, sizeBytes: 1, width: 640, height: 360, status: "ready" }).returning();
  return v!.id;
}
async function addTracks(vid: number, n: number) {
  const rows = await (await getDb()).insert(tracks).values(Array.from({ length: n }, (_, i) => ({ videoId: vid, label: "person", firstMs: i * 10, lastMs: i * 10 + 5, score: 0.3 }))).returning();
  return rows.map((r) => r.id);
}
const state = async (ids: number[]) => (await (await getDb()).select({ id: tracks.id, hidden: tracks.hidden, editedAt: tracks.editedAt }).from(tracks).where(inArray(tracks.id, ids))).sort((a, b) => a.id - b.id);
const bulk = (token: string, vid: number, json: unknown) => call(bulkPost, `/api/admin/videos/${vid}/tracks/bulk`, { method: "POST", token, json, params: { id: String(vid) } });

beforeAll(async () => {
  ({ drop } = await createTestDb());
  admin = (await userWithToken("admin")).token;
  shopper = (await userWithToken("shopper")).token;
  videoId = await addVideo("BuLkVideo01");
  mine = await addTracks(videoId, 4);
  [other] = await addTracks(await addVideo("BuLkVideo02"), 1) as [number];
});
afterAll(async () => drop());
beforeEach(() => resetRateLimits());

describe(`studio bulk track edits (${TEST_DB})`, () => {
  it("hides and shows many tracks at once, stamping them edited", async () => {
    const r = await bulk(admin, videoId, { action: "hide", trackIds: mine.slice(0, 3) });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ videoId, action: "hide", trackIds: mine.slice(0, 3) });
    const s = await state(mine);
    expect(s.map((t) => t.hidden)).toEqual([true, true, true, false]);
    expect(s.slice(0, 3).every((t) => t.editedAt !== null)).toBe(true);
    expect(s[3]!.editedAt).toBeNull();
    expect((await bulk(admin, videoId, { action: "show", trackIds: mine.slice(0, 2) })).status).toBe(200);
    expect((await state(mine)).map((t) => t.hidden)).toEqual([false, false, true, false]);
  });

  it("is all or nothing: a track of another video changes nothing (422); shoppers get 403", async () => {
    const r = await bulk(admin, videoId, { action: "delete", trackIds: [mine[0], other] });
    expect(r.status).toBe(422);
    expect(JSON.stringify(r.body)).toContain(String(other));
    expect((await state([...mine, other])).length).toBe(5);
    expect((await bulk(admin, videoId, { action: "hide", trackIds: [] })).status).toBe(422);
    expect((await bulk(shopper, videoId, { action: "hide", trackIds: [mine[0]] })).status).toBe(403);
  });

  it("deletes many tracks at once", async () => {
    const r = await bulk(admin, videoId, { action: "delete", trackIds: [mine[1], mine[2]] });
    expect(r.body).toEqual({ videoId, action: "delete", trackIds: [mine[1], mine[2]] });
    expect((await state(mine)).map((t) => t.id)).toEqual([mine[0], mine[3]]);
    expect((await bulk(admin, 2_000_000, { action: "hide", trackIds: [mine[0]] })).status).toBe(404);
  });
});
