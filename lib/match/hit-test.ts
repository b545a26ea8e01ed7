import type { Box } from "@/lib/geometry/views";
import { containsPoint, distanceToBox, offCentre } from "@/lib/match/geometry";
import { inFront } from "@/lib/match/occlusion";
import type { Match } from "@/lib/match/engine";

/** The hit test on one frame's boxes (exported for tests and for callers that already hold the boxes); `depth`: see VideoIndex. */
export function hitTest(
  boxes: readonly { trackId: number; label: string; box: Box }[],
  x: number,
  y: number,
  tolerancePx: number,
  depth: ReadonlyMap<string, number> = new Map(),
): Match | null {
  let inside: { trackId: number; label: string; box: Box } | null = null;
  let insideArea = Infinity;
  let insideOff = Infinity;
  let near: { trackId: number; label: string; box: Box } | null = null;
  let nearDist = Infinity;
  let nearArea = Infinity;
  for (const b of boxes) {
    const area = b.box[2] * b.box[3];
    if (containsPoint(b.box, x, y)) {
      const off = offCentre(b.box, x, y);
      const front = inside ? inFront(depth, b.trackId, inside.trackId) : 1;
      if (front > 0 || (front === 0 && (area < insideArea || (area === insideArea && off < insideOff)))) {
        inside = b;
        insideArea = area;
        insideOff = off;
      }
    } else if (inside === null) {
      const d = distanceToBox(x, y, b.box);
      if (d <= tolerancePx && (d < nearDist || (d === nearDist && area < nearArea))) {
        near = b;
        nearDist = d;
        nearArea = area;
      }
    }
  }
  if (inside) return { trackId: inside.trackId, label: inside.label, box: inside.box, confidence: round3(1 - 0.4 * insideOff), hit: "inside" };
  if (near) {
    const c = tolerancePx > 0 ? 0.5 * (1 - nearDist / tolerancePx) : 0;
    return { trackId: near.trackId, label: near.label, box: near.box, confidence: round3(Math.min(0.499, c)), hit: "near" };
  }
  return null;
}


function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
