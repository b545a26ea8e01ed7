import { and, asc, eq, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import { products, trackBoxes, trackProducts, tracks, type Track } from "@/db/schema";

// Tracks, their boxes and product links (studio edits: track-edits.ts; runs: runs.ts).

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type NewBox = { frameIndex: number; ptsMs: number; x: number; y: number; w: number; h: number; score: number; keyframe: boolean; observed?: boolean; hiddenCells?: string | null };
/** `hidden`: not confirmed by the analysis (lib/track/confirm.ts); stored, shown to admins on request only. */
export type NewAutoTrack = { label: string; score: number; firstMs: number; lastMs: number; hidden?: boolean; boxes: NewBox[] };
/** `outside`: starts a span where the object is not in the picture (lib/track/interpolate.ts). */
export type StoredBox = { ptsMs: number; box: [number, number, number, number]; outside?: boolean };
/** An auto track from an earlier run that has a product attached. */
export type LinkedTrack = { trackId: number; label: string; firstMs: number; lastMs: number; productId: number; attachedBy: number | null; boxes: StoredBox[] };
export type Relink = { oldTrackId: number; newIndex: number; productId: number; attachedBy: number | null };

const TRACK_BATCH = 500;
// 9 columns per box: 1000 rows stay far below PostgreSQL's 65,535 bind parameters.
const BOX_BATCH = 1000;

/** A track a re-run keeps: manual, or auto and edited by an admin. */
export type KeptTrack = { trackId: number; label: string; firstMs: number; lastMs: number; boxes: StoredBox[] };

export type ReplaceResult = {
  /** Ids of the inserted tracks, in input order (skipped ones left out). */
  trackIds: number[];
  boxes: number;
  removed: number;
  links: Relink[];
  linkedBefore: LinkedTrack[];
  /** Input indices not inserted because `skip` said a kept track already is that object. */
  skipped: number[];
  kept: number;
};

// Auto tracks no admin has touched: the only ones a re-run replaces.
const replaceable = (videoId: number) => and(eq(tracks.videoId, videoId), eq(tracks.source, "auto"), isNull(tracks.editedAt));

/**
 * In one transaction: deletes the video's unedited auto tracks (boxes and product links go with them;
 * manual tracks, edited tracks and their links are never touched), inserts `newTracks` except those
 * `skip` names (duplicates of kept tracks) with their boxes in batches, and re-attaches the products
 * that `relink` maps from the old linked tracks onto new ones.
 */
export async function replaceAutoTracks(input: {
  videoId: number;
  runId: number;
  tracks: NewAutoTrack[];
  relink: (old: LinkedTrack[], skipped: ReadonlySet<number>) => Relink[];
  skip?: (kept: KeptTrack[]) => Iterable<number>;
}): Promise<ReplaceResult> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const linkedBefore = await linkedAutoTracks(tx, input.videoId);
    const kept = await keptTracks(tx, input.videoId);
    const skipped = new Set(input.skip ? input.skip(kept) : []);
    const removed = await tx.delete(tracks).where(replaceable(input.videoId)).returning({ id: tracks.id });
    const idByIndex = new Map<number, number>();
    const todo = [...input.tracks.entries()].filter(([i]) => !skipped.has(i));
    const trackIds: number[] = [];
    for (let i = 0; i < todo.length; i += TRACK_BATCH) {
      const entries = todo.slice(i, i + TRACK_BATCH);
      const chunk = entries.map(([, t]) => t);
      const rows = await tx
        .insert(tracks)
        .values(chunk.map((t) => ({ videoId: input.videoId, runId: input.runId, label: t.label, score: t.score, firstMs: t.firstMs, lastMs: t.lastMs, hidden: t.hidden ?? false, source: "auto" as const })))
        .returning({ id: tracks.id, label: tracks.label, firstMs: tracks.firstMs });
      // PostgreSQL returns a multi-row insert in VALUES order; checked rather than assumed.
      rows.forEach((r, j) => {
        const t = chunk[j];
        if (!t || t.label !== r.label || t.firstMs !== r.firstMs) throw new Error("track insert returned rows out of order");
        trackIds.push(r.id);
        idByIndex.set((entries[j] as [number, NewAutoTrack])[0], r.id);
      });
    }
    let boxes = 0;
    let pending: (NewBox & { trackId: number })[] = [];
    const flush = async () => {
      if (pending.length === 0) return;
      await tx.insert(trackBoxes).values(pending);
      boxes += pending.length;
      pending = [];
    };
    for (const [i, t] of todo) {
      const trackId = idByIndex.get(i) as number;
      for (const b of t.boxes) {
        pending.push({ ...b, trackId });
        if (pending.length >= BOX_BATCH) await flush();
      }
    }
    await flush();
    const links = input.relink(linkedBefore, skipped).filter((l) => idByIndex.has(l.newIndex));
    if (links.length > 0) {
      await tx
        .insert(trackProducts)
        .values(links.map((l) => ({ trackId: idByIndex.get(l.newIndex) as number, productId: l.productId, attachedBy: l.attachedBy })))
        .onConflictDoNothing();
      // A track with a product attached is never auto-hidden: the product moved here, so it is shown.
      await tx.update(tracks).set({ hidden: false }).where(inArray(tracks.id, links.map((l) => idByIndex.get(l.newIndex) as number)));
    }
    return { trackIds, boxes, removed: removed.length, links, linkedBefore, skipped: [...skipped].sort((a, b) => a - b), kept: kept.length };
  });
}

async function keptTracks(tx: Tx, videoId: number): Promise<KeptTrack[]> {
  const rows = await tx
    .select({ trackId: tracks.id, label: tracks.label, firstMs: tracks.firstMs, lastMs: tracks.lastMs })
    .from(tracks)
    .where(and(eq(tracks.videoId, videoId), or(eq(tracks.source, "manual"), isNotNull(tracks.editedAt))))
    .orderBy(asc(tracks.id));
  const byTrack = await boxesOf(tx, rows.map((r) => r.trackId));
  return rows.map((r) => ({ ...r, boxes: byTrack.get(r.trackId) ?? [] }));
}

async function boxesOf(tx: Tx, ids: number[]): Promise<Map<number, StoredBox[]>> {
  const byTrack = new Map<number, StoredBox[]>();
  if (ids.length === 0) return byTrack;
  const boxRows = await tx
    .select({ trackId: trackBoxes.trackId, ptsMs: trackBoxes.ptsMs, x: trackBoxes.x, y: trackBoxes.y, w: trackBoxes.w, h: trackBoxes.h, outside: trackBoxes.outside })
    .from(trackBoxes)
    .where(inArray(trackBoxes.trackId, ids))
    .orderBy(asc(trackBoxes.trackId), asc(trackBoxes.ptsMs));
  for (const b of boxRows) {
    let list = byTrack.get(b.trackId);
    if (!list) byTrack.set(b.trackId, (list = []));
    list.push({ ptsMs: b.ptsMs, box: [b.x, b.y, b.w, b.h], ...(b.outside ? { outside: true } : {}) });
  }
  return byTrack;
}

async function linkedAutoTracks(tx: Tx, videoId: number): Promise<LinkedTrack[]> {
  const rows = await tx
    .select({ trackId: tracks.id, label: tracks.label, firstMs: tracks.firstMs, lastMs: tracks.lastMs, productId: trackProducts.productId, attachedBy: trackProducts.attachedBy })
    .from(tracks)
    .innerJoin(trackProducts, eq(trackProducts.trackId, tracks.id))
    .where(replaceable(videoId))
    .orderBy(asc(tracks.id));
  if (rows.length === 0) return [];
  const byTrack = await boxesOf(tx, rows.map((r) => r.trackId));
  return rows.map((r) => ({ ...r, boxes: byTrack.get(r.trackId) ?? [] }));
}

export type TrackWithLink = Track & { productId: number | null; boxCount: number };

/** The video's tracks (auto and manual) with their product link and box count, by start time. */
export async function listTracks(videoId: number): Promise<TrackWithLink[]> {
  const db = await getDb();
  const rows = await db
    .select({
      track: tracks,
      productId: trackProducts.productId,
      boxCount: sql<number>`(select count(*)::int from ${trackBoxes} where ${trackBoxes.trackId} = ${tracks.id})`,
    })
    .from(tracks)
    .leftJoin(trackProducts, eq(trackProducts.trackId, tracks.id))
    .where(eq(tracks.videoId, videoId))
    .orderBy(asc(tracks.firstMs), asc(tracks.id));
  return rows.map((r) => ({ ...r.track, productId: r.productId ?? null, boxCount: Number(r.boxCount) }));
}

export async function listTrackBoxes(trackId: number) {
  const db = await getDb();
  return db.select().from(trackBoxes).where(eq(trackBoxes.trackId, trackId)).orderBy(asc(trackBoxes.ptsMs));
}

/**
 * Attaches a product to every shown auto track of the video with a label in `productByLabel` that has
 * no product yet; returns how many links were made.
 */
export async function attachProductsByLabel(videoId: number, productByLabel: Map<string, number>): Promise<number> {
  if (productByLabel.size === 0) return 0;
  const db = await getDb();
  const candidates = await db
    .select({ id: tracks.id, label: tracks.label })
    .from(tracks)
    .leftJoin(trackProducts, eq(trackProducts.trackId, tracks.id))
    // Only shown tracks: a product on an unconfirmed track would put it in front of shoppers.
    .where(and(eq(tracks.videoId, videoId), eq(tracks.hidden, false), inArray(tracks.label, [...productByLabel.keys()]), sql`${trackProducts.trackId} is null`));
  if (candidates.length === 0) return 0;
  const rows = await db
    .insert(trackProducts)
    .values(candidates.map((c) => ({ trackId: c.id, productId: productByLabel.get(c.label) as number })))
    .onConflictDoNothing()
    .returning({ trackId: trackProducts.trackId });
  return rows.length;
}

/** Active products with one of these item names (class labels), oldest first. */
export async function productsForLabels(labels: string[]) {
  if (labels.length === 0) return [];
  const db = await getDb();
  return db
    .select({ id: products.id, sku: products.sku, itemName: products.itemName })
    .from(products)
    .where(and(inArray(products.itemName, labels), eq(products.active, true)))
    .orderBy(asc(products.id));
}
