import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { analysisRuns, products, trackBoxes, trackProducts, tracks, users, type Track, type TrackBox } from "@/db/schema";

// Whole-row snapshots of tracks (the row, every box, the product link) and their restore under the same
// ids: the studio's undo/redo of structural edits (split, merge, follow, class, delete). Rows are selected
// whole, so a column added to these tables later travels in the snapshot without a change here.

export type TrackProductLink = typeof trackProducts.$inferSelect;
export type TrackSnapshotRows = { track: Track; boxes: TrackBox[]; product: TrackProductLink | null };
/** What a restore writes: a row may leave out columns that have a default (an older snapshot). */
export type TrackRestoreRows = {
  track: Omit<typeof tracks.$inferInsert, "id"> & { id: number };
  boxes: (typeof trackBoxes.$inferInsert)[];
  product: typeof trackProducts.$inferInsert | null;
};

// A dozen columns per box: 1000 rows stay far below PostgreSQL's 65,535 bind parameters.
const BOX_BATCH = 1000;

/** The tracks among `ids` with every box (by frame) and product link, in id order. */
export async function snapshotTracks(ids: number[]): Promise<TrackSnapshotRows[]> {
  if (ids.length === 0) return [];
  const db = await getDb();
  const [rows, boxes, links] = await Promise.all([
    db.select().from(tracks).where(inArray(tracks.id, ids)).orderBy(asc(tracks.id)),
    db.select().from(trackBoxes).where(inArray(trackBoxes.trackId, ids)).orderBy(asc(trackBoxes.trackId), asc(trackBoxes.frameIndex)),
    db.select().from(trackProducts).where(inArray(trackProducts.trackId, ids)),
  ]);
  const byTrack = new Map<number, TrackBox[]>();
  for (const b of boxes) {
    let l = byTrack.get(b.trackId);
    if (!l) byTrack.set(b.trackId, (l = []));
    l.push(b);
  }
  return rows.map((track) => ({ track, boxes: byTrack.get(track.id) ?? [], product: links.find((l) => l.trackId === track.id) ?? null }));
}

/** Where each id is now: its video, or absent when no such track exists. */
export async function trackVideos(ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const db = await getDb();
  const rows = await db.select({ id: tracks.id, videoId: tracks.videoId }).from(tracks).where(inArray(tracks.id, ids));
  return new Map(rows.map((r) => [r.id, r.videoId]));
}

/** The last value handed out by tracks.id's identity sequence (0 before the first track). */
export async function lastTrackId(): Promise<number> {
  const db = await getDb();
  const res = await db.execute<{ v: string | number | null }>(sql`select pg_sequence_last_value(pg_get_serial_sequence('tracks', 'id')::regclass) as v`);
  const rows = (Array.isArray(res) ? res : (res as { rows: { v: string | number | null }[] }).rows) as { v: string | number | null }[];
  return Number(rows[0]?.v ?? 0);
}

/**
 * In one transaction: deletes the video's tracks `removeIds`, then puts every snapshot track back under
 * its own id — updated in place when it still exists (its clicks and poses keep pointing at it),
 * inserted otherwise — with exactly the snapshot's boxes and product link. References to rows deleted
 * since the snapshot are dropped as their foreign keys would have done (a run or the attaching user:
 * null; a deleted product: no link). Returns the track ids whose product link could not be restored.
 */
export async function restoreTracks(videoId: number, snapshot: TrackRestoreRows[], removeIds: number[]): Promise<{ droppedLinks: number[] }> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const ids = snapshot.map((s) => s.track.id);
    if (removeIds.length > 0) await tx.delete(tracks).where(and(eq(tracks.videoId, videoId), inArray(tracks.id, removeIds)));
    if (ids.length === 0) return { droppedLinks: [] };
    const runIds = [...new Set(snapshot.map((s) => s.track.runId).filter((r): r is number => typeof r === "number"))];
    const productIds = [...new Set(snapshot.flatMap((s) => (s.product ? [s.product.productId] : [])))];
    const userIds = [...new Set(snapshot.flatMap((s) => (typeof s.product?.attachedBy === "number" ? [s.product.attachedBy] : [])))];
    const [runs, prods, people, existing] = await Promise.all([
      runIds.length ? tx.select({ id: analysisRuns.id }).from(analysisRuns).where(inArray(analysisRuns.id, runIds)) : [],
      productIds.length ? tx.select({ id: products.id }).from(products).where(inArray(products.id, productIds)) : [],
      userIds.length ? tx.select({ id: users.id }).from(users).where(inArray(users.id, userIds)) : [],
      tx.select({ id: tracks.id }).from(tracks).where(and(eq(tracks.videoId, videoId), inArray(tracks.id, ids))).for("update"),
    ]);
    const has = (rows: { id: number }[]) => new Set(rows.map((r) => r.id));
    const [liveRuns, liveProducts, liveUsers, present] = [has(runs), has(prods), has(people), has(existing)];

    for (const s of snapshot) {
      const { id, ...row } = s.track;
      const values = { ...row, videoId, runId: typeof row.runId === "number" && liveRuns.has(row.runId) ? row.runId : null };
      if (present.has(id)) await tx.update(tracks).set(values).where(eq(tracks.id, id));
      else await tx.insert(tracks).overridingSystemValue().values({ ...values, id });
    }
    await tx.delete(trackBoxes).where(inArray(trackBoxes.trackId, ids));
    const boxes = snapshot.flatMap((s) => s.boxes.map((b) => ({ ...b, trackId: s.track.id })));
    for (let i = 0; i < boxes.length; i += BOX_BATCH) await tx.insert(trackBoxes).values(boxes.slice(i, i + BOX_BATCH));

    await tx.delete(trackProducts).where(inArray(trackProducts.trackId, ids));
    const droppedLinks: number[] = [];
    const links = snapshot.flatMap((s) => {
      if (!s.product) return [];
      if (!liveProducts.has(s.product.productId)) {
        droppedLinks.push(s.track.id);
        return [];
      }
      const attachedBy = typeof s.product.attachedBy === "number" && liveUsers.has(s.product.attachedBy) ? s.product.attachedBy : null;
      return [{ ...s.product, trackId: s.track.id, attachedBy }];
    });
    if (links.length > 0) await tx.insert(trackProducts).values(links);
    return { droppedLinks };
  });
}
