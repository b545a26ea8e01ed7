import type { Box } from "@/lib/geometry/box";

export interface TimedBox {
  ptsMs: number;
  box: Box;
}

/**
 * The box of a track at `ptsMs`, linearly interpolated between the two analysed frames around it;
 * null outside [first, last + holdMs) — the last box stands for `holdMs` after it (sample and hold).
 * `boxes` must be sorted by ptsMs (tracker.finish() returns them so).
 * Binary search: O(log n) per call, no allocation except the result.
 */
export function boxAt(boxes: readonly TimedBox[], ptsMs: number, holdMs = 0): Box | null {
  const n = boxes.length;
  if (n === 0 || !Number.isFinite(ptsMs)) return null;
  const first = boxes[0] as TimedBox;
  const last = boxes[n - 1] as TimedBox;
  if (ptsMs < first.ptsMs) return null;
  if (ptsMs > last.ptsMs) return ptsMs < last.ptsMs + holdMs ? [...last.box] : null;
  // Largest i with boxes[i].ptsMs <= ptsMs.
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((boxes[mid] as TimedBox).ptsMs <= ptsMs) lo = mid;
    else hi = mid - 1;
  }
  const a = boxes[lo] as TimedBox;
  if (a.ptsMs === ptsMs || lo === n - 1) return [...a.box];
  const b = boxes[lo + 1] as TimedBox;
  const f = (ptsMs - a.ptsMs) / (b.ptsMs - a.ptsMs);
  return [lerp(a.box[0], b.box[0], f), lerp(a.box[1], b.box[1], f), lerp(a.box[2], b.box[2], f), lerp(a.box[3], b.box[3], f)];
}

function lerp(a: number, b: number, f: number): number {
  return a + (b - a) * f;
}
