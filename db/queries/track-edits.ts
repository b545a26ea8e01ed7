import { and, asc, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { products, trackBoxes, trackProducts, tracks, type Track } from "@/db/schema";
import type { Tx } from "./tracks";

// Studio edits of tracks (validated in lib/studio); each one stamps tracks.edited_at, so a re-run keeps the track.

// 9 columns per box: 1000 rows stay far below PostgreSQL's 65,535 bind parameters.
const BOX_BATCH = 1000;

/** `outside`: CVAT's flag, no box from this one until the next (absent: false — a box edit shows the object). */
export type BoxRow = { frameIndex: number; ptsMs: number; x: number; y: number; w: number; h: number; score: number; keyframe: boolean; outside?: boolean };
export type StudioTrack = Track & { product: { id: number; sku: string; name: string } | null; boxCount: number; keyframes: number; firstFrame: number | null; lastFrame: number | null };

/** One track with its product id (undefined when there is no such track). */
export async function getTrack(trackId: number): Promise<(Track & { productId: number | null }) | undefined> {
  const db = await getDb();
  const [row] = await db.select({ track: tracks, productId: trackProducts.productId }).from(tracks).leftJoin(trackProducts, eq(trackProducts.trackId, tracks.id)).where(eq(tracks.id, trackId)).limit(1);
  return row ? { ...row.track, productId: row.productId ?? null } : undefined;
}

/** The video's tracks for the studio: product, box and keyframe counts, first and last frame. */
export async function listStudioTracks(videoId: number): Promise<StudioTrack[]> {
  const db = await getDb();
  const rows = await db
    .select({
      track: tracks,
      product: { id: products.id, sku: products.sku, name: products.name },
      boxCount: sql<number>`(select count(*)::int from ${trackBoxes} where ${trackBoxes.trackId} = ${tracks.id})`,
      keyframes: sql<number>`(select count(*)::int from ${trackBoxes} where ${trackBoxes.trackId} = ${tracks.id} and ${trackBoxes.keyframe})`,
      firstFrame: sql<number | null>`(select min(${trackBoxes.frameIndex}) from ${trackBoxes} where ${trackBoxes.trackId} = ${tracks.id})`,
      lastFrame: sql<number | null>`(select max(${trackBoxes.frameIndex}) from ${trackBoxes} where ${trackBoxes.trackId} = ${tracks.id})`,
    })
    .from(tracks)
    .leftJoin(trackProducts, eq(trackProducts.trackId, tracks.id))
    .leftJoin(products, eq(products.id, trackProducts.productId))
    .where(eq(tracks.videoId, videoId))
    .orderBy(asc(tracks.firstMs), asc(tracks.id));
  return rows.map((r) => ({
    ...r.track,
    product: r.product && r.product.id !== null ? r.product : null,
    boxCount: Number(r.boxCount),
    keyframes: Number(r.keyframes),
    firstFrame: r.firstFrame === null ? null : Number(r.firstFrame),
    lastFrame: r.lastFrame === null ? null : Number(r.lastFrame),
  }));
}

/** Every box of the video's tracks, by track and frame (what the studio draws and interpolates). */
export async function listVideoBoxes(videoId: number) {
  const db = await getDb();
  return db
    .select({ trackId: trackBoxes.trackId, frameIndex: trackBoxes.frameIndex, ptsMs: trackBoxes.ptsMs, x: trackBoxes.x, y: trackBoxes.y, w: trackBoxes.w, h: trackBoxes.h, keyframe: trackBoxes.keyframe, outside: trackBoxes.outside })
    .from(trackBoxes)
    .innerJoin(tracks, eq(tracks.id, trackBoxes.trackId))
    .where(eq(tracks.videoId, videoId))
    .orderBy(asc(trackBoxes.trackId), asc(trackBoxes.frameIndex));
}

// The span follows the boxes: first and last box pts.
async function refreshSpan(tx: Tx, trackId: number): Promise<void> {
  await tx
    .update(tracks)
    .set({
      firstMs: sql`coalesce((select min(${trackBoxes.ptsMs}) from ${trackBoxes} where ${trackBoxes.trackId} = ${trackId}), ${tracks.firstMs})`,
      lastMs: sql`coalesce((select max(${trackBoxes.ptsMs}) from ${trackBoxes} where ${trackBoxes.trackId} = ${trackId}), ${tracks.lastMs})`,
      editedAt: new Date(),
    })
    .where(eq(tracks.id, trackId));
}

export async function setTrackLabel(trackId: number, label: string): Promise<void> {
  const db = await getDb();
  await db.update(tracks).set({ label, editedAt: new Date() }).where(eq(tracks.id, trackId));
}

/** Shows or hides a track (an admin's decision: the track counts as edited, so a re-run keeps it). */
export async function setTrackHidden(trackId: number, hidden: boolean): Promise<void> {
  const db = await getDb();
  await db.update(tracks).set({ hidden, editedAt: new Date() }).where(eq(tracks.id, trackId));
}

export async function deleteTrack(trackId: number): Promise<boolean> {
  const db = await getDb();
  const rows = await db.delete(tracks).where(eq(tracks.id, trackId)).returning({ id: tracks.id });
  return rows.length > 0;
}

/** Attaches (or replaces) the track's product. */
export async function setTrackProduct(trackId: number, productId: number, attachedBy: number | null): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx
      .insert(trackProducts)
      .values({ trackId, productId, attachedBy })
      .onConflictDoUpdate({ target: trackProducts.trackId, set: { productId, attachedBy, createdAt: new Date() } });
    await tx.update(tracks).set({ editedAt: new Date() }).where(eq(tracks.id, trackId));
  });
}

export async function removeTrackProduct(trackId: number): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const rows = await tx.delete(trackProducts).where(eq(trackProducts.trackId, trackId)).returning({ id: trackProducts.trackId });
    await tx.update(tracks).set({ editedAt: new Date() }).where(eq(tracks.id, trackId));
    return rows.length > 0;
  });
}

/**
 * Moves `mergeId`'s boxes into `keepId` (where both have a box on a frame, the kept track's wins),
 * takes its product when the kept track has none, and deletes it.
 */
export async function mergeTracks(keepId: number, mergeId: number): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into ${trackBoxes} (track_id, frame_index, pts_ms, x, y, w, h, score, keyframe, outside)
      select ${keepId}, frame_index, pts_ms, x, y, w, h, score, keyframe, outside from ${trackBoxes} where track_id = ${mergeId}
      on conflict do nothing`);
    const [link] = await tx.select().from(trackProducts).where(eq(trackProducts.trackId, mergeId));
    if (link) await tx.insert(trackProducts).values({ trackId: keepId, productId: link.productId, attachedBy: link.attachedBy }).onConflictDoNothing();
    await tx.delete(tracks).where(eq(tracks.id, mergeId));
    await refreshSpan(tx, keepId);
  });
}

/**
 * Splits a track at `frameIndex`: boxes on that frame and later move to a new track of the same class
 * and source (no product: a split usually separates two objects). `startBox` is stored on the split
 * frame when the track has no box there, so the new track starts where the old one was.
 */
export async function splitTrack(trackId: number, frameIndex: number, startBox: BoxRow | null): Promise<number> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [old] = await tx.select().from(tracks).where(eq(tracks.id, trackId));
    if (!old) throw new Error(`track ${trackId} vanished`);
    const [fresh] = await tx
      .insert(tracks)
      .values({ videoId: old.videoId, runId: old.runId, label: old.label, score: old.score, firstMs: old.firstMs, lastMs: old.lastMs, source: old.source, editedAt: new Date() })
      .returning({ id: tracks.id });
    const newId = (fresh as { id: number }).id;
    await tx.update(trackBoxes).set({ trackId: newId }).where(and(eq(trackBoxes.trackId, trackId), sql`${trackBoxes.frameIndex} >= ${frameIndex}`));
    if (startBox) await tx.insert(trackBoxes).values({ ...startBox, trackId: newId }).onConflictDoNothing();
    await refreshSpan(tx, trackId);
    await refreshSpan(tx, newId);
    return newId;
  });
}

/** A manual track with its first keyframe box. */
export async function insertManualTrack(videoId: number, label: string, box: BoxRow): Promise<number> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(tracks)
      .values({ videoId, label, score: 1, firstMs: box.ptsMs, lastMs: box.ptsMs, source: "manual", editedAt: new Date() })
      .returning({ id: tracks.id });
    const id = (row as { id: number }).id;
    await tx.insert(trackBoxes).values({ ...box, trackId: id });
    return id;
  });
}

/**
 * Stores boxes on a track: keyframes replace whatever is on their frame (outside included: a box edit
 * without `outside` shows the object there); followed (non-key) boxes never overwrite a keyframe.
 */
export async function upsertTrackBoxes(trackId: number, boxes: BoxRow[]): Promise<number> {
  if (boxes.length === 0) return 0;
  const db = await getDb();
  return db.transaction(async (tx) => {
    let n = 0;
    for (let i = 0; i < boxes.length; i += BOX_BATCH) {
      const rows = await tx
        .insert(trackBoxes)
        .values(boxes.slice(i, i + BOX_BATCH).map((b) => ({ ...b, outside: b.outside === true, trackId })))
        .onConflictDoUpdate({
          target: [trackBoxes.trackId, trackBoxes.frameIndex],
          set: { ptsMs: sql`excluded.pts_ms`, x: sql`excluded.x`, y: sql`excluded.y`, w: sql`excluded.w`, h: sql`excluded.h`, score: sql`excluded.score`, keyframe: sql`excluded.keyframe`, hiddenCells: sql`excluded.hidden_cells`, outside: sql`excluded.outside` },
          setWhere: sql`excluded.keyframe or not ${trackBoxes.keyframe}`,
        })
        .returning({ f: trackBoxes.frameIndex });
      n += rows.length;
    }
    await refreshSpan(tx, trackId);
    return n;
  });
}

/** Removes the track's box on one frame; false when there is none. */
export async function deleteTrackBox(trackId: number, frameIndex: number): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const rows = await tx.delete(trackBoxes).where(and(eq(trackBoxes.trackId, trackId), eq(trackBoxes.frameIndex, frameIndex))).returning({ f: trackBoxes.frameIndex });
    if (rows.length > 0) await refreshSpan(tx, trackId);
    return rows.length > 0;
  });
}

/** Sets or clears CVAT's outside flag on the track's box on one frame (it becomes a keyframe); false when there is none. */
export async function setTrackBoxOutside(trackId: number, frameIndex: number, outside: boolean): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(trackBoxes)
      .set({ outside, keyframe: true, hiddenCells: null })
      .where(and(eq(trackBoxes.trackId, trackId), eq(trackBoxes.frameIndex, frameIndex)))
      .returning({ f: trackBoxes.frameIndex });
    if (rows.length > 0) await refreshSpan(tx, trackId);
    return rows.length > 0;
  });
}
