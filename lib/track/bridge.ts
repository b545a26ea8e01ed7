import type { TrackBox } from "@/lib/track/types";
import { boxAt } from "@/lib/track/interpolate";

/**
 * A track's matched boxes plus one bridged box (interpolated, `observed: false`, score 0) on every
 * analysed frame between its first and last match where the detector did not see it, so a reader
 * knows which stretches were seen and which were guessed. Boxes must be sorted by pts.
 */
export function bridgeGaps(boxes: readonly TrackBox[], analysed: readonly { frameIndex: number; ptsMs: number }[]): TrackBox[] {
  const first = boxes[0];
  const last = boxes[boxes.length - 1];
  if (!first || !last) return [];
  const seen = new Set(boxes.map((b) => b.frameIndex));
  const timed = boxes.map((b) => ({ ptsMs: b.ptsMs, box: b.box }));
  const out: TrackBox[] = boxes.map((b) => ({ ...b, observed: true }));
  for (const f of analysed) {
    if (f.ptsMs <= first.ptsMs || f.ptsMs >= last.ptsMs || seen.has(f.frameIndex)) continue;
    const box = boxAt(timed, f.ptsMs);
    if (box) out.push({ frameIndex: f.frameIndex, ptsMs: f.ptsMs, box: [round1(box[0]), round1(box[1]), round1(box[2]), round1(box[3])], score: 0, observed: false });
  }
  return out.sort((a, b) => a.ptsMs - b.ptsMs);
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
