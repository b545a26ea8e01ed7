import type { StudioBox } from "./api";
import type { DrawnBox } from "./box-layer";

/**
 * The selected track's "ghost" on a frame before its first box or after its last: its nearest end box,
 * drawn faintly so it can be grabbed. Moving or resizing it stores a keyframe on that frame, which
 * extends the track there (undo removes the keyframe again). Nothing when the track has a box drawn here.
 */
export function withGhost(drawn: DrawnBox[], track: { id: number; label: string } | null, boxes: StudioBox[] | undefined, frame: number): DrawnBox[] {
  if (!track || !boxes || boxes.length === 0 || drawn.some((b) => b.trackId === track.id)) return drawn;
  let first = boxes[0] as StudioBox;
  let last = first;
  for (const b of boxes) {
    if (b.frameIndex < first.frameIndex) first = b;
    if (b.frameIndex > last.frameIndex) last = b;
  }
  const end = frame > last.frameIndex ? last : frame < first.frameIndex ? first : null;
  if (!end) return drawn;
  return [...drawn, { trackId: track.id, label: track.label, box: [end.x, end.y, end.w, end.h], keyframe: false, ghost: true }];
}
