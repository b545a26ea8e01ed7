/** The frame on screen at ms: the last one with pts ≤ ms. */
export function frameAtMs(pts: readonly number[], ms: number): number {
  let lo = 0;
  let hi = pts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((pts[mid] as number) <= ms) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
