import fsp from "node:fs/promises";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { listTracks } from "@/db/queries/tracks";
import { saveTimeline } from "@/db/queries/videos";
import { analysisRuns, products, trackBoxes, trackProducts, tracks, videos } from "@/db/schema";
import { persistRunTracks } from "@/lib/analysis/persist";
import { analyzeVideoFile } from "@/lib/analysis/run";
import type { DetectionsDocument } from "@/lib/analysis/schema";
import { addManualTrack, attachProduct, relabelTrack } from "@/lib/studio/service";
import { encodeTimeline } from "@/lib/media/timeline";
import { getTimeline } from "@/lib/media/timeline-read";
import { createTestDb, TEST_DB } from "../helpers/db";
import { userWithToken } from "../helpers/http";

// A re-run with other settings keeps the admins' work: the real detector analyses product_demo.mp4 at
// 2 fps, an admin attaches a product, changes a class and draws a manual track, then a second real
// analysis at 4 fps replaces only the untouched auto tracks.

const FILE = path.join(process.cwd(), "tests/fixtures/product_demo.mp4");
let drop: () => Promise<void>;
let videoId: number;
let adminId: number;
let doc1: DetectionsDocument;
let doc2: DetectionsDocument;

async function newRun(fps: number) {
  const [r] = await (await getDb()).insert(analysisRuns).values({ videoId, kind: "objects", status: "succeeded", params: { fps } }).returning();
  return r!.id;
}

beforeAll(async () => {
  ({ drop } = await createTestDb());
  adminId = (await userWithToken("admin")).user.id;
  const [v] = await (await getDb())
    .insert(videos)
    .values({ youtubeId: "ReRuNvIdeo1", title: "rerun", storageKey: "videos/none.mp4", sizeBytes: (await fsp.stat(FILE)).size, width: 640, height: 360, frameCount: 162, status: "ready" })
    .returning();
  videoId = v!.id;
  await saveTimeline({ videoId, ...encodeTimeline(await getTimeline(FILE)) });
  // Both runs at once would share the two cores no better; one after the other, one worker each.
  doc1 = (await analyzeVideoFile(FILE, { videoId: "ReRuNvIdeo1", fps: 2, workers: 1 })).document;
  doc2 = (await analyzeVideoFile(FILE, { videoId: "ReRuNvIdeo1", fps: 4, workers: 1 })).document;
}, 600_000);
afterAll(async () => drop());

describe(`re-running analysis keeps manual work (${TEST_DB})`, () => {
  it("keeps manual and edited tracks with their products, replaces the rest, and does not store the same object twice", async () => {
    const first = await persistRunTracks(videoId, await newRun(2), doc1);
    console.log(`[rerun] run 1 (2 fps): ${first.tracks} tracks, ${first.boxes} boxes: ${doc1.tracks.map((t) => t.label).join(", ")}`);
    expect(first.tracks).toBeGreaterThanOrEqual(2);
    const db = await getDb();
    const [mug] = await db.insert(products).values({ sku: "MUG", name: "Mug", priceCents: 900, stock: 1, itemName: "cup" }).returning();
    const [jacket] = await db.insert(products).values({ sku: "JACKET", name: "Jacket", priceCents: 9900, stock: 1, itemName: "person" }).returning();
    const before = await listTracks(videoId);
    // The longest track gets a product by hand (an edit); a second one only a class change.
    const byLength = [...before].sort((a, b) => b.boxCount - a.boxCount);
    const attached = byLength[0]!;
    const relabelled = byLength[1]!;
    await attachProduct(attached.id, jacket!.id, adminId);
    await relabelTrack(relabelled.id, relabelled.label === "cat" ? "dog" : "cat");
    // A manual track where the detector found nothing, with a product.
    const manual = (await addManualTrack(videoId, "cup", 100, [400, 70, 150, 100])).trackId;
    await attachProduct(manual, mug!.id, adminId);
    const keptIds = [attached.id, relabelled.id, manual];
    const boxesBefore = await db.select().from(trackBoxes).where(inArray(trackBoxes.trackId, keptIds));
    const untouched = before.filter((t) => !keptIds.includes(t.id)).map((t) => t.id);

    const second = await persistRunTracks(videoId, await newRun(4), doc2);
    console.log(`[rerun] run 2 (4 fps): ${doc2.tracks.length} tracks found, ${second.tracks} stored, ${second.skipped} skipped as the same object as a kept track, ${second.kept} kept, ${second.replaced} replaced`);
    expect(second.kept).toBe(3);
    expect(second.replaced).toBe(untouched.length);
    expect(second.skipped).toBeGreaterThanOrEqual(1); // the run finds the attached track's object again
    expect(second.tracks + second.skipped).toBe(doc2.tracks.length);

    const after = await listTracks(videoId);
    const ids = after.map((t) => t.id);
    for (const id of keptIds) expect(ids).toContain(id);
    for (const id of untouched) expect(ids).not.toContain(id);
    expect(after.find((t) => t.id === attached.id)).toMatchObject({ productId: jacket!.id, label: attached.label });
    expect(after.find((t) => t.id === relabelled.id)?.label).toBe(relabelled.label === "cat" ? "dog" : "cat");
    expect(after.find((t) => t.id === manual)).toMatchObject({ productId: mug!.id, source: "manual" });
    const boxesAfter = await db.select().from(trackBoxes).where(inArray(trackBoxes.trackId, keptIds));
    expect(boxesAfter).toEqual(expect.arrayContaining(boxesBefore));
    expect(boxesAfter.length).toBe(boxesBefore.length);
    // The products are still attached to the kept tracks, and no new track got the kept ones' products.
    const links = await db.select().from(trackProducts).where(inArray(trackProducts.trackId, ids));
    expect(links.filter((l) => l.productId === jacket!.id).map((l) => l.trackId)).toEqual([attached.id]);
    const fresh = after.filter((t) => !keptIds.includes(t.id));
    expect(fresh.length).toBe(second.tracks);
    const [run2] = await db.select().from(tracks).where(eq(tracks.id, fresh[0]!.id));
    expect(run2!.editedAt).toBeNull();

    // A third run replaces the second run's auto tracks but still not the kept ones.
    const third = await persistRunTracks(videoId, await newRun(2), doc1);
    expect(third.kept).toBe(3);
    expect(third.replaced).toBe(second.tracks);
  });
});
