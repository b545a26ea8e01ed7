import { listTrackBoxes } from "@/db/queries/tracks";
import { setTrackBoxOutside, upsertTrackBoxes } from "@/db/queries/track-edits";
import { InvalidInputError } from "@/lib/errors";
import { frameAt, ptsMsOf } from "@/lib/media/timeline";
import { boxAt, type TimedBox } from "@/lib/track/interpolate";
import { done, trackCtx } from "./service";
import type { Box4 } from "./schemas";

// CVAT's "outside" in the studio: a keyframe flagged outside starts a span where the object is not in
// the picture, until the track's next box (lib/track/interpolate.ts draws and matches nothing there).

export type OutsideResult = { trackId: number; frameIndex: number; ptsMs: number; outside: boolean; created: boolean };

/**
 * Sets (`outside`) or clears the flag at the frame on screen at `ptsMs`. The frame's box takes the flag
 * (and becomes a keyframe); without one, a keyframe is made there: for `outside`, a copy of the box
 * interpolated there (or the nearest box before it); to clear inside a span, a copy of the box that
 * started the span, so the object comes back on this frame. Clearing where the track is shown changes nothing.
 */
export async function setOutside(trackId: number, ptsMs: number, outside: boolean): Promise<OutsideResult> {
  const ctx = await trackCtx(trackId);
  const tl = ctx.timeline;
  const last = tl.frameCount - 1;
  if (last < 0 || ptsMs > ptsMsOf(tl, last) + 1000) {
    const message = `ptsMs ${ptsMs} is past the video's last frame (${last < 0 ? "none" : ptsMsOf(tl, last)} ms)`;
    throw new InvalidInputError(message, [{ path: "ptsMs", message }]);
  }
  // 1 ns of slack: a pts sent back as a decimal may land an ulp below the frame's exact pts.
  const frameIndex = Math.max(0, frameAt(tl, ptsMs + 1e-6));
  const framePts = ptsMsOf(tl, frameIndex);
  const result = (created: boolean) => done(ctx.track.videoId, { trackId, frameIndex, ptsMs: framePts, outside, created });
  const boxes = await listTrackBoxes(trackId);
  if (await setTrackBoxOutside(trackId, frameIndex, outside)) return result(false);
  const timed: TimedBox[] = boxes.map((b) => ({ ptsMs: b.ptsMs, box: [b.x, b.y, b.w, b.h] as Box4, outside: b.outside }));
  const before = [...boxes].reverse().find((b) => b.ptsMs <= framePts);
  let box: Box4 | null;
  if (outside) box = (boxAt(timed, framePts) as Box4 | null) ?? (before ? [before.x, before.y, before.w, before.h] : null) ?? (boxes[0] ? [boxes[0].x, boxes[0].y, boxes[0].w, boxes[0].h] : null);
  else box = before?.outside && framePts < (boxes.at(-1)?.ptsMs ?? -Infinity) ? [before.x, before.y, before.w, before.h] : null;
  if (!box) return result(false);
  const [x, y, w, h] = box;
  await upsertTrackBoxes(trackId, [{ frameIndex, ptsMs: framePts, x, y, w, h, score: 1, keyframe: true, outside }]);
  return result(true);
}
