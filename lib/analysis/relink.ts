import { iou, type Box } from "@/lib/geometry/views";
import { boxAt, type TimedBox } from "@/lib/track/interpolate";
import { confusable } from "@/lib/track/label-groups";

// On a re-run the auto tracks are replaced, and the products admins attached to the old ones are
// moved onto the new tracks that follow the same object. Same object = a compatible label, overlapping
// time, and boxes in the same place while both exist.

export interface SpanTrack {
  label: string;
  firstMs: number;
  lastMs: number;
  boxes: readonly TimedBox[];
}

/** Pairs scoring below this are different objects. */
export const MIN_MATCH = 0.15;
/** A second new track (a fragment of the same object) inherits the product when it lies this much inside the old track… */
export const FRAGMENT_INSIDE = 0.8;
/** …and its boxes overlap the old ones this much on average. */
export const FRAGMENT_IOU = 0.5;

/** Overlap of the two time spans over their union (1 for two identical instants). */
export function temporalIou(a: SpanTrack, b: SpanTrack): number {
  const inter = Math.min(a.lastMs, b.lastMs) - Math.max(a.firstMs, b.firstMs);
  if (inter < 0) return 0;
  const union = Math.max(a.lastMs, b.lastMs) - Math.min(a.firstMs, b.firstMs);
  return union > 0 ? inter / union : 1;
}

/** Mean box IoU at the analysed instants of either track where both have a box (0 when none). */
export function spatialIou(a: SpanTrack, b: SpanTrack): number {
  let sum = 0;
  let n = 0;
  for (const [from, to] of [[a, b], [b, a]] as const) {
    for (const tb of from.boxes) {
      if (tb.outside) continue;
      const other = boxAt(to.boxes, tb.ptsMs);
      if (!other) continue;
      sum += iou(tb.box as Box, other);
      n++;
    }
  }
  return n > 0 ? sum / n : 0;
}

export function matchScore(old: SpanTrack, fresh: SpanTrack): { score: number; t: number; s: number } {
  if (!confusable(old.label, fresh.label)) return { score: 0, t: 0, s: 0 };
  const t = temporalIou(old, fresh);
  if (t === 0) return { score: 0, t, s: 0 };
  const s = spatialIou(old, fresh);
  return { score: t * s, t, s };
}

/**
 * Maps each old linked track onto new tracks: first one-to-one, best pairs first (score = temporal IoU
 * × mean box IoU ≥ MIN_MATCH); then any new track still without a product that lies ≥ 80% inside an
 * old linked track's time span with mean box IoU ≥ 0.5 (the tracker split the object in two) gets
 * that product too. Old links that match nothing are dropped (reported by the caller).
 */
export function planRelinks<O extends SpanTrack, N extends SpanTrack>(old: readonly O[], fresh: readonly N[]): { oldIndex: number; newIndex: number; score: number }[] {
  const pairs: { oldIndex: number; newIndex: number; score: number; s: number }[] = [];
  old.forEach((o, oi) =>
    fresh.forEach((n, ni) => {
      const m = matchScore(o, n);
      if (m.score > 0) pairs.push({ oldIndex: oi, newIndex: ni, score: m.score, s: m.s });
    }),
  );
  pairs.sort((a, b) => b.score - a.score || a.oldIndex - b.oldIndex || a.newIndex - b.newIndex);
  const oldDone = new Set<number>();
  const newDone = new Set<number>();
  const out: { oldIndex: number; newIndex: number; score: number }[] = [];
  for (const p of pairs) {
    if (p.score < MIN_MATCH || oldDone.has(p.oldIndex) || newDone.has(p.newIndex)) continue;
    oldDone.add(p.oldIndex);
    newDone.add(p.newIndex);
    out.push({ oldIndex: p.oldIndex, newIndex: p.newIndex, score: p.score });
  }
  for (const p of pairs) {
    if (newDone.has(p.newIndex) || !oldDone.has(p.oldIndex) || p.s < FRAGMENT_IOU) continue;
    const o = old[p.oldIndex] as O;
    const n = fresh[p.newIndex] as N;
    const span = n.lastMs - n.firstMs;
    const inside = Math.min(o.lastMs, n.lastMs) - Math.max(o.firstMs, n.firstMs);
    if ((span > 0 ? inside / span : inside >= 0 ? 1 : 0) < FRAGMENT_INSIDE) continue;
    newDone.add(p.newIndex);
    out.push({ oldIndex: p.oldIndex, newIndex: p.newIndex, score: p.score });
  }
  return out;
}

/**
 * New tracks that follow the same object as a kept (manual or admin-edited) track, by the same score
 * as relinking but whatever their class (an admin may have corrected it): a re-run does not store
 * them, so the admin's track stays the one object there.
 */
export function duplicatesOfKept<K extends SpanTrack, N extends SpanTrack>(kept: readonly K[], fresh: readonly N[]): number[] {
  if (kept.length === 0) return [];
  const anyClass = <T extends SpanTrack>(t: T): SpanTrack => ({ label: "", firstMs: t.firstMs, lastMs: t.lastMs, boxes: t.boxes });
  return planRelinks(kept.map(anyClass), fresh.map(anyClass)).map((p) => p.newIndex).sort((a, b) => a - b);
}
