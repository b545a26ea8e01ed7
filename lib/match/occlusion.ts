import type { Box } from "@/lib/geometry/views";

/** A track box on an analysed frame: `observed` false when the tracker bridged it over a detector miss. */
export interface ObservedBox {
  ptsMs: number;
  box: Box;
  observed: boolean;
  /** Cells of the box hidden by something in front (lib/track/visibility.ts), if the analysis found any. */
  hiddenCells?: string;
  /** Starts an outside span (the object is not in the picture until the next box): no evidence, no box. */
  outside?: boolean;
}

export interface DepthTrack {
  trackId: number;
  boxes: readonly ObservedBox[];
}

/**
 * Which object is in front where two tracks overlap, from occlusion evidence over time (rules in
 * docs/matching.md): on analysed frames where both boxes overlap, the one the detector still saw while
 * the other went unseen (bridged), or whose box kept its usual size while the other's shrank, is in front.
 * Returns a map "a:b" → score, > 0 when a is in front of b (antisymmetric; absent: no evidence).
 */
export function depthOrder(tracks: readonly DepthTrack[], width: number | null, height: number | null): Map<string, number> {
  const typical = new Map<number, number>();
  for (const t of tracks) typical.set(t.trackId, typicalArea(t.boxes, width, height));
  const out = new Map<string, number>();
  for (let i = 0; i < tracks.length; i++) {
    for (let j = i + 1; j < tracks.length; j++) {
      const a = tracks[i] as DepthTrack;
      const b = tracks[j] as DepthTrack;
      const s = pairEvidence(a, b, typical.get(a.trackId) ?? 0, typical.get(b.trackId) ?? 0, width, height);
      if (s === 0) continue;
      out.set(`${a.trackId}:${b.trackId}`, s);
      out.set(`${b.trackId}:${a.trackId}`, -s);
    }
  }
  return out;
}

/** > 0: a is in front of b; < 0: behind; 0: no evidence. */
export function inFront(order: ReadonlyMap<string, number>, a: number, b: number): number {
  return order.get(`${a}:${b}`) ?? 0;
}

function pairEvidence(a: DepthTrack, b: DepthTrack, typA: number, typB: number, width: number | null, height: number | null): number {
  const first = Math.max(a.boxes[0]?.ptsMs ?? Infinity, b.boxes[0]?.ptsMs ?? Infinity);
  const last = Math.min(a.boxes[a.boxes.length - 1]?.ptsMs ?? -Infinity, b.boxes[b.boxes.length - 1]?.ptsMs ?? -Infinity);
  if (!(first <= last)) return 0;
  const bByPts = new Map(b.boxes.map((x) => [x.ptsMs, x]));
  let score = 0;
  // Both tracks come from the same analysed frames, so their boxes share pts where both exist.
  for (const x of a.boxes) {
    if (x.ptsMs < first || x.ptsMs > last) continue;
    const y = bByPts.get(x.ptsMs);
    if (!y || x.outside || y.outside || !overlaps(x.box, y.box)) continue;
    if (x.observed !== y.observed) {
      score += x.observed ? 1 : -1;
      continue;
    }
    if (!x.observed || typA <= 0 || typB <= 0 || touchesEdge(x.box, width, height) || touchesEdge(y.box, width, height)) continue;
    // A box that lost a clear share of its usual area while the other kept its own is being covered.
    const shrinkA = area(x.box) / typA;
    const shrinkB = area(y.box) / typB;
    if (shrinkA >= 0.85 && shrinkB <= 0.6) score += 0.5;
    else if (shrinkB >= 0.85 && shrinkA <= 0.6) score -= 0.5;
  }
  return score;
}

/** Median area of the observed boxes that do not touch the frame's edge (clipping is not occlusion). */
function typicalArea(boxes: readonly ObservedBox[], width: number | null, height: number | null): number {
  const areas = boxes.filter((b) => b.observed && !b.outside && !touchesEdge(b.box, width, height)).map((b) => area(b.box));
  if (areas.length === 0) return 0;
  areas.sort((x, y) => x - y);
  return areas[Math.floor(areas.length / 2)] as number;
}

function overlaps(a: Box, b: Box): boolean {
  const w = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]);
  return w > 0 && h > 0 && w * h >= 0.05 * Math.min(area(a), area(b));
}

function touchesEdge(b: Box, width: number | null, height: number | null): boolean {
  if (width === null || height === null) return false;
  return b[0] <= 2 || b[1] <= 2 || b[0] + b[2] >= width - 2 || b[1] + b[3] >= height - 2;
}

function area(b: Box): number {
  return b[2] * b[3];
}
