import type { Box } from "@/lib/geometry/views";
import { visibleSpans } from "@/lib/track/interpolate";

// Pure helpers for "In this video": where each attached product appears and its best frame.

export interface TrackSpan {
  trackId: number;
  productId: number | null;
  /** ms from the first frame. */
  boxes: readonly { ptsMs: number; box: Box; score: number; outside?: boolean }[];
}

/** Merges [from, to] spans that overlap or lie within `gapMs` of each other; sorted by start. */
export function mergeRanges(ranges: readonly (readonly [number, number])[], gapMs = 0): [number, number][] {
  const sorted = [...ranges].filter(([a, b]) => b >= a).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + gapMs) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

export interface ProductAppearance {
  productId: number;
  trackIds: number[];
  ranges: [number, number][];
  best: { ptsMs: number; box: Box } | null;
}

/** Per attached product: its tracks, merged time ranges, and the analysed frame where its box is largest × most confident. */
export function productAppearances(tracks: readonly TrackSpan[], gapMs = 250): ProductAppearance[] {
  const by = new Map<number, { trackIds: number[]; spans: [number, number][]; best: { ptsMs: number; box: Box; weight: number } | null }>();
  for (const t of tracks) {
    if (t.productId === null || t.boxes.length === 0) continue;
    let e = by.get(t.productId);
    if (!e) by.set(t.productId, (e = { trackIds: [], spans: [], best: null }));
    e.trackIds.push(t.trackId);
    // Boxes in pts order; an outside box starts a span the product is not on screen.
    const sorted = [...t.boxes].sort((a, b) => a.ptsMs - b.ptsMs);
    for (const b of sorted) {
      if (b.outside) continue;
      const weight = b.box[2] * b.box[3] * Math.max(0.05, b.score);
      if (!e.best || weight > e.best.weight) e.best = { ptsMs: b.ptsMs, box: b.box, weight };
    }
    e.spans.push(...visibleSpans(sorted));
  }
  return [...by.entries()]
    .map(([productId, e]) => ({
      productId,
      trackIds: e.trackIds.sort((a, b) => a - b),
      ranges: mergeRanges(e.spans, gapMs),
      best: e.best ? { ptsMs: e.best.ptsMs, box: e.best.box } : null,
    }))
    .sort((a, b) => (a.ranges[0]?.[0] ?? 0) - (b.ranges[0]?.[0] ?? 0) || a.productId - b.productId);
}

/** "0:03.2" for 3200 ms. */
export function formatMs(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  const m = Math.floor(s / 60);
  return `${m}:${(s - m * 60).toFixed(1).padStart(4, "0")}`;
}
