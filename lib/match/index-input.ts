import { makeTimeline, type Timeline } from "@/lib/media/timeline";
import type { ObservedBox } from "@/lib/match/occlusion";

// What buildVideoIndex (lib/match/engine.ts) takes in: boxes and timelines, checked and put in order.

export interface MatchBoxInput {
  frameIndex: number;
  ptsMs: number;
  x: number;
  y: number;
  w: number;
  h: number;
  /** False when the tracker bridged this box over a detector miss (default true: seen, or drawn by hand). */
  observed?: boolean;
  /** Cells where something in front hides the object (lib/track/visibility.ts); absent or null: none known. */
  hiddenCells?: string | null;
  /** CVAT's "outside": no box from here until the track's next box (lib/track/interpolate.ts). */
  outside?: boolean;
}

/** A list of each frame's ms as a Timeline (timescale 1000, first frame at 0), or the Timeline given. */
export function toTimeline(t: Timeline | ArrayLike<number>): Timeline {
  if (isTimeline(t)) return t;
  const ms = Float64Array.from(t);
  for (let i = 0; i < ms.length; i++) {
    if (!Number.isFinite(ms[i])) throw new RangeError(`Timeline frame ${i}: ms ${ms[i]} is not finite`);
  }
  // Timescale 1000 with startPts 0: ptsMsOf gives the ms back unchanged (they already count from the first frame).
  return { ...makeTimeline(1000, ms), startPts: 0 };
}

export function isTimeline(t: Timeline | ArrayLike<number>): t is Timeline {
  return typeof (t as Timeline).timescale === "number" && (t as Timeline).pts instanceof Float64Array;
}

/** The track's usable boxes in pts order, one per pts (the last given wins). */
export function sortedBoxes(boxes: readonly MatchBoxInput[]): ObservedBox[] {
  const out: ObservedBox[] = [];
  for (const b of boxes) {
    if (![b.ptsMs, b.x, b.y, b.w, b.h].every(Number.isFinite) || b.w < 0 || b.h < 0) continue;
    out.push({ ptsMs: b.ptsMs, box: [b.x, b.y, b.w, b.h], observed: b.observed !== false, ...(b.hiddenCells ? { hiddenCells: b.hiddenCells } : {}), ...(b.outside ? { outside: true } : {}) });
  }
  out.sort((a, b) => a.ptsMs - b.ptsMs);
  // One box per pts (the last given wins), so interpolation never divides by a zero gap.
  const dedup: ObservedBox[] = [];
  for (const b of out) {
    const prev = dedup[dedup.length - 1];
    if (prev && prev.ptsMs === b.ptsMs) dedup[dedup.length - 1] = b;
    else dedup.push(b);
  }
  return dedup;
}
