import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { attachProductsByLabel, listTracks } from "@/db/queries/tracks";
import { analysisRuns, products, trackProducts, videos } from "@/db/schema";
import { persistRunTracks } from "@/lib/analysis/persist";
import { detectionsDocumentSchema, type DetectionsDocument } from "@/lib/analysis/schema";
import * as visibilityRoute from "@/app/api/admin/tracks/[id]/visibility/route";
import { createTestDb, TEST_DB } from "../helpers/db";
import { call, userWithToken } from "../helpers/http";

// Unconfirmed tracks (hidden: true in the detections JSON) are stored hidden with their boxes; a product
// moved onto a new track by a re-run shows it, and products are linked by class to shown tracks only.

let drop: () => Promise<void>;
let videoId: number;

/** A run's document: each track a box per 200 ms at `x`, hidden when asked. */
function doc(tracks: { label: string; x: number; hidden?: boolean }[]): DetectionsDocument {
  const frames = Array.from({ length: 6 }, (_, i) => ({
    index: i * 6,
    ptsMs: i * 200,
    objects: tracks.map((t, k) => ({ trackId: k + 1, label: t.label, score: 0.5, box: [t.x + i, 50, 80, 120] })),
  }));
  return detectionsDocumentSchema.parse({
    videoId: "hiddenvideo",
    width: 640,
    height: 360,
    model: "centernet",
    backend: "wasm",
    analysisFps: 5,
    frames,
    tracks: tracks.map((t, k) => ({ trackId: k + 1, label: t.label, firstMs: 0, lastMs: 1000, ...(t.hidden ? { hidden: true } : {}) })),
  });
}

async function newRun(): Promise<number> {
  const [r] = await (await getDb()).insert(analysisRuns).values({ videoId, kind: "objects", status: "succeeded" }).returning();
  return r!.id;
}

beforeAll(async () => {
  ({ drop } = await createTestDb());
  const [v] = await (await getDb()).insert(videos).values({ youtubeId: "hiddenvideo", title: "hidden", storageKey: "videos/none.mp4", sizeBytes: 1, width: 640, height: 360, frameCount: 36, status: "ready" }).returning();
  videoId = v!.id;
});
afterAll(async () => drop());

describe(`unconfirmed tracks are stored hidden (${TEST_DB})`, () => {
  it("stores hidden tracks with their boxes, links class products to shown tracks only, and a relinked product shows its track", async () => {
    await persistRunTracks(videoId, await newRun(), doc([{ label: "dog", x: 10 }, { label: "sports ball", x: 400, hidden: true }, { label: "cup", x: 250, hidden: true }]));
    const first = await listTracks(videoId);
    expect(first.map((t) => [t.label, t.hidden, t.boxCount])).toEqual([
      ["dog", false, 6],
      ["sports ball", true, 6],
      ["cup", true, 6],
    ]);
    const db = await getDb();
    const [bed] = await db.insert(products).values({ sku: "BED", name: "Dog bed", priceCents: 100, stock: 1, itemName: "dog" }).returning();
    const [mug] = await db.insert(products).values({ sku: "MUG2", name: "Mug", priceCents: 100, stock: 1, itemName: "cup" }).returning();
    // The hidden cup gets no product by class.
    expect(await attachProductsByLabel(videoId, new Map([["dog", bed!.id], ["cup", mug!.id]]))).toBe(1);

    // A re-run where the dog's track is not confirmed: its product moves there, and a track with a product is shown.
    const second = await persistRunTracks(videoId, await newRun(), doc([{ label: "dog", x: 12, hidden: true }]));
    expect(second.linksMoved).toBe(1);
    const after = await listTracks(videoId);
    expect(after.map((t) => [t.label, t.hidden, t.productId])).toEqual([["dog", false, bed!.id]]);
    expect(await db.select().from(trackProducts).where(eq(trackProducts.trackId, after[0]!.id))).toHaveLength(1);
  });

  it("an admin shows an unconfirmed track in one call; the choice is an edit a re-run keeps", async () => {
    await persistRunTracks(videoId, await newRun(), doc([{ label: "dog", x: 12 }, { label: "cup", x: 250, hidden: true }]));
    const cup = (await listTracks(videoId)).find((t) => t.label === "cup")!;
    expect(cup.hidden).toBe(true);
    const admin = (await userWithToken("admin")).token;
    const shopper = (await userWithToken("shopper")).token;
    const put = (token: string, json: unknown) => call(visibilityRoute.PUT, "/x", { method: "PUT", token, params: { id: String(cup.id) }, json });
    expect((await put(shopper, { hidden: false })).status).toBe(403);
    expect((await put(admin, { hidden: "no" })).status).toBe(422);
    const r = await put(admin, { hidden: false });
    expect(r).toMatchObject({ status: 200, body: { trackId: cup.id, hidden: false } });
    await persistRunTracks(videoId, await newRun(), doc([{ label: "dog", x: 14 }]));
    const kept = (await listTracks(videoId)).find((t) => t.id === cup.id);
    expect(kept).toMatchObject({ hidden: false, label: "cup" });
    expect(kept?.editedAt).not.toBeNull();
  });
});
