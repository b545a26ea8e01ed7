import { replaceAutoTracks, type LinkedTrack, type NewAutoTrack } from "@/db/queries/tracks";
import { duplicatesOfKept, planRelinks } from "./relink";
import { boxesByTrack, type DetectionsDocument } from "./schema";

export interface PersistResult {
  /** Auto tracks written, and their boxes. */
  tracks: number;
  boxes: number;
  /** Auto tracks of earlier runs that were replaced. */
  replaced: number;
  /** Product links moved from replaced tracks onto new ones, and those that found no new track. */
  linksMoved: number;
  linksDropped: { oldTrackId: number; label: string; productId: number }[];
  /** Database ids of the new tracks, in the order of the document's tracks (skipped ones left out). */
  trackIds: number[];
  /** Manual and admin-edited tracks kept as they were, and new tracks not stored because one of them already is that object. */
  kept: number;
  skipped: number;
}

/** The document's tracks as rows: one box per analysed frame where the tracker saw the object. */
export function tracksFromDocument(doc: DetectionsDocument): NewAutoTrack[] {
  const boxes = boxesByTrack(doc);
  return doc.tracks.map((t) => {
    const list = boxes.get(t.trackId) ?? [];
    // Bridged boxes (score 0, the detector did not see the object) do not dilute the track's score.
    const seen = list.filter((b) => b.observed);
    const score = seen.length ? seen.reduce((s, b) => s + b.score, 0) / seen.length : 0;
    return {
      label: t.label,
      score: Math.round(score * 10_000) / 10_000,
      firstMs: t.firstMs,
      lastMs: t.lastMs,
      hidden: t.hidden === true,
      // Every stored auto box is an anchor that boxes between analysed frames are interpolated from; `observed` tells seen from bridged.
      boxes: list.map((b) => ({ frameIndex: b.frameIndex, ptsMs: b.ptsMs, x: b.box[0], y: b.box[1], w: b.box[2], h: b.box[3], score: b.score, keyframe: true, observed: b.observed, hiddenCells: b.hiddenCells ?? null })),
    };
  });
}

/**
 * Stores a run's tracks as the video's auto tracks, in one transaction: earlier auto tracks are
 * replaced (a retry of the same run replaces its own), manual tracks and tracks an admin edited stay as
 * they are with their products (new tracks of the same object are not stored twice), and each product
 * attached to a replaced auto track moves to the new track that follows the same object (see
 * relink.ts); links with no such track are dropped and listed in the result.
 */
export async function persistRunTracks(videoId: number, runId: number, doc: DetectionsDocument): Promise<PersistResult> {
  const rows = tracksFromDocument(doc);
  const fresh = rows.map((r) => ({ label: r.label, firstMs: r.firstMs, lastMs: r.lastMs, boxes: r.boxes.map((b) => ({ ptsMs: b.ptsMs, box: [b.x, b.y, b.w, b.h] as [number, number, number, number] })) }));
  const res = await replaceAutoTracks({
    videoId,
    runId,
    tracks: rows,
    skip: (kept) => duplicatesOfKept(kept, fresh),
    relink: (old: LinkedTrack[], skipped) =>
      planRelinks(old, fresh.map((f, i) => (skipped.has(i) ? { ...f, label: "", boxes: [] } : f))).map((p) => {
        const o = old[p.oldIndex] as LinkedTrack;
        return { oldTrackId: o.trackId, newIndex: p.newIndex, productId: o.productId, attachedBy: o.attachedBy };
      }),
  });
  const moved = new Set(res.links.map((l) => l.oldTrackId));
  return {
    tracks: res.trackIds.length,
    boxes: res.boxes,
    replaced: res.removed,
    linksMoved: res.links.length,
    linksDropped: res.linkedBefore.filter((o) => !moved.has(o.trackId)).map((o) => ({ oldTrackId: o.trackId, label: o.label, productId: o.productId })),
    trackIds: res.trackIds,
    kept: res.kept,
    skipped: res.skipped.length,
  };
}
