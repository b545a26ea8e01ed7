import type { Box } from "@/lib/geometry/box";

export interface TimedBox {
  ptsMs: number;
  box: Box;
  /**
   * CVAT's "outside": from this box's pts until the track's next box the object is not in the picture.
   * Nothing is drawn or matched in that span, and nothing is interpolated across it.
   */
  outside?: boolean;
}

/**
 * The box of a track at `ptsMs`, linearly interpolated between the two analysed frames around it;
 * null outside [first, last + holdMs) — the last box stands for `holdMs` after it (sample and hold).
 * Null too inside an outside span: from an `outside` box until the next box. A box followed by an
 * outside box is interpolated toward that box's place (where the object left the picture); the box
 * after the span is never reached from before it.
 * `boxes` must be sorted by ptsMs (tracker.finish() returns them so).
 * Binary search: O(log n) per call, no allocation except the result.
 */
export function boxAt(boxes: readonly TimedBox[], ptsMs: number, holdMs = 0): Box | null {
  const n = boxes.length;
  if (n === 0 || !Number.isFinite(ptsMs)) return null;
  const first = boxes[0] as TimedBox;
  const last = boxes[n - 1] as TimedBox;
  if (ptsMs < first.ptsMs) return null;
  if (ptsMs > last.ptsMs) return ptsMs < last.ptsMs + holdMs && !last.outside ? [...last.box] : null;
  // Largest i with boxes[i].ptsMs <= ptsMs.
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((boxes[mid] as TimedBox).ptsMs <= ptsMs) lo = mid;
    else hi = mid - 1;
  }
  const a = boxes[lo] as TimedBox;
  if (a.outside) return null;
  if (a.ptsMs === ptsMs || lo === n - 1) return [...a.box];
  const b = boxes[lo + 1] as TimedBox;
  const f = (ptsMs - a.ptsMs) / (b.ptsMs - a.ptsMs);
  return [lerp(a.box[0], b.box[0], f), lerp(a.box[1], b.box[1], f), lerp(a.box[2], b.box[2], f), lerp(a.box[3], b.box[3], f)];
}

/**
 * The [fromMs, toMs] spans in which the track is in the picture (its boxes sorted by pts): from its
 * first box to its last (plus `holdMs`), broken at every outside box until the next box. An empty
 * span list: the track is never in the picture.
 */
export function visibleSpans(boxes: readonly TimedBox[], holdMs = 0): [number, number][] {
  const out: [number, number][] = [];
  let start: number | null = null;
  let prev: number | null = null;
  for (const b of boxes) {
    if (b.outside) {
      if (start !== null) out.push([start, b.ptsMs]);
      start = null;
    } else if (start === null) start = b.ptsMs;
    prev = b.ptsMs;
  }
  if (start !== null && prev !== null) out.push([start, prev + Math.max(0, holdMs)]);
  return out;
}

/** The [fromMs, toMs) spans in which the track is not in the picture: each outside box until the next box (the last: open-ended, Infinity). */
export function outsideSpans(boxes: readonly TimedBox[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < boxes.length; i++) {
    const b = boxes[i] as TimedBox;
    if (!b.outside) continue;
    let j = i + 1;
    while (j < boxes.length && (boxes[j] as TimedBox).outside) j++;
    out.push([b.ptsMs, j < boxes.length ? (boxes[j] as TimedBox).ptsMs : Infinity]);
    i = j - 1;
  }
  return out;
}

function lerp(a: number, b: number, f: number): number {
  return a + (b - a) * f;
}
