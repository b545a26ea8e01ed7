import { LruCache } from "@/lib/cache/lru";
/**
 * A video's exact timeline: the pts of every frame in display order, as stored in the file.
 * Times in ms count from the first frame (as an HTML5 player's currentTime does), and the frame
 * on screen at t ms is the last frame with ptsMs ≤ t.
 */
export interface Timeline {
  /** Ticks per second: pts values are integers in 1/timescale s. */
  timescale: number;
  /** pts of the first frame, in ticks (ms are counted from here). */
  startPts: number;
  /** Every frame's pts in ticks, ascending (display order). */
  pts: Float64Array;
  frameCount: number;
  /** Display indices of the keyframes, ascending; absent when the timeline came from the DB. */
  keyframes?: Uint32Array;
  /** The file ends before the container says it should: the timeline holds the frames that survive. */
  truncated?: boolean;
}

export interface EncodedTimeline {
  timescale: number;
  startPts: number;
  frameCount: number;
  /** frameCount − 1 tick deltas, int32 little-endian. */
  deltas: Uint8Array;
}

export function makeTimeline(timescale: number, pts: Float64Array, extra: Pick<Timeline, "keyframes" | "truncated"> = {}): Timeline {
  if (!(timescale > 0)) throw new RangeError(`Bad timescale ${timescale}`);
  for (let i = 1; i < pts.length; i++) {
    if (!((pts[i] as number) > (pts[i - 1] as number))) throw new RangeError(`Timeline pts must increase (frame ${i})`);
  }
  return { timescale, startPts: pts.length ? (pts[0] as number) : 0, pts, frameCount: pts.length, ...extra };
}

/** ms from the first frame to frame `index` (computed one way everywhere, so comparisons are exact). */
export function ptsMsOf(t: Timeline, index: number): number {
  const p = t.pts[index];
  if (p === undefined) throw new RangeError(`Frame ${index} is outside 0..${t.frameCount - 1}`);
  return ((p - t.startPts) * 1000) / t.timescale;
}

/**
 * Index of the frame on screen at `ms` (ms from the first frame): the last frame with ptsMs ≤ ms.
 * Before the first frame (ms < 0) nothing is on screen: −1. Past the end: the last frame, which
 * stays on screen. NaN is a caller bug and throws.
 */
export function frameAt(t: Timeline, ms: number): number {
  if (Number.isNaN(ms)) throw new RangeError("frameAt: ms is NaN");
  if (t.frameCount === 0 || ms < 0) return -1;
  let lo = 0;
  let hi = t.frameCount - 1;
  if (ptsMsOf(t, hi) <= ms) return hi;
  // Invariant: ptsMs(lo) ≤ ms < ptsMs(hi).
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (ptsMsOf(t, mid) <= ms) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The keyframe (display index) from which decoding reaches frame `index`, or −1 when unknown. */
export function keyframeBefore(t: Timeline, index: number): number {
  const k = t.keyframes;
  if (!k || k.length === 0) return -1;
  let lo = 0;
  let hi = k.length - 1;
  if ((k[0] as number) > index) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((k[mid] as number) <= index) lo = mid;
    else hi = mid - 1;
  }
  return k[lo] as number;
}

/** Frame durations in ticks (the last frame has none). */
export function frameDurations(t: Timeline): Float64Array {
  const d = new Float64Array(Math.max(0, t.frameCount - 1));
  for (let i = 0; i < d.length; i++) d[i] = (t.pts[i + 1] as number) - (t.pts[i] as number);
  return d;
}

/**
 * Whether frames have unequal durations beyond timestamp rounding: durations that differ by at
 * most `toleranceTicks` (e.g. 1501/1502 ticks for 59.94 fps at 90 kHz) still count as constant.
 */
export function isVfr(t: Timeline, toleranceTicks = 1): boolean {
  const d = frameDurations(t);
  let min = Infinity;
  let max = -Infinity;
  for (const x of d) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return d.length > 1 && max - min > toleranceTicks;
}

/** Compact form for the database: int32 LE tick deltas. */
export function encodeTimeline(t: Timeline): EncodedTimeline {
  const n = Math.max(0, t.frameCount - 1);
  const buf = new Uint8Array(n * 4);
  const view = new DataView(buf.buffer);
  for (let i = 0; i < n; i++) {
    const delta = (t.pts[i + 1] as number) - (t.pts[i] as number);
    if (!Number.isInteger(delta) || delta <= 0 || delta > 0x7fffffff) throw new RangeError(`Frame ${i + 1}: delta ${delta} ticks does not fit int32`);
    view.setInt32(i * 4, delta, true);
  }
  return { timescale: t.timescale, startPts: t.startPts, frameCount: t.frameCount, deltas: buf };
}

export function decodeTimeline(e: EncodedTimeline): Timeline {
  const n = Math.max(0, e.frameCount - 1);
  if (e.deltas.byteLength !== n * 4) throw new RangeError(`Encoded timeline: ${e.deltas.byteLength} bytes of deltas for ${e.frameCount} frames`);
  const view = new DataView(e.deltas.buffer, e.deltas.byteOffset, e.deltas.byteLength);
  const pts = new Float64Array(e.frameCount);
  let p = e.startPts;
  for (let i = 0; i < e.frameCount; i++) {
    if (i > 0) p += view.getInt32((i - 1) * 4, true);
    pts[i] = p;
  }
  return makeTimeline(e.timescale, pts);
}

/** A small LRU of timelines keyed by the caller (video id, or path+size+mtime). */
export class TimelineCache extends LruCache<Timeline> {}

export const timelineCache = new TimelineCache();
