import type { BinaryInfo } from "./ffmpeg";
import { passthroughArgs } from "./ffmpeg";
import { remoteInputArgs } from "./input";
import { keyframeBefore, type Timeline } from "./timeline";

// Frames are picked in ffmpeg by their exact pts. With -copyts the filter graph sees the file's own
// timestamps, and `t*timescale` is the frame's pts in timeline ticks (integers; ±0.5 absorbs the
// floating-point rounding of t), whatever the stream's time base numerator.
const X = (t: Timeline) => `t*${t.timescale}`;
const n = (v: number) => (v < 0 ? `(${v})` : String(v));

/** Select expression: every frame from pts `ticks` on (the first one out is checked by the caller). */
export function selectFrom(t: Timeline, ticks: number): string {
  return `gte(${X(t)},${n(ticks - 0.5)})`;
}

/** Select expression: every frame with pts in [from, to] (ticks). */
export function selectRange(t: Timeline, from: number, to: number): string {
  return `between(${X(t)},${n(from - 0.5)},${n(to + 0.5)})`;
}

/**
 * Select expression: exactly the frames whose pts are in `ticks` (ascending), as a balanced
 * if/lt decision tree, so each frame costs O(log n) comparisons and the text stays O(n).
 */
export function selectSet(t: Timeline, ticks: readonly number[]): string {
  const x = X(t);
  const build = (lo: number, hi: number): string => {
    if (hi - lo === 1) return `lt(abs(${x}-${n(ticks[lo] as number)}),0.5)`;
    const mid = (lo + hi) >>> 1;
    return `if(lt(${x},${n((ticks[mid] as number) - 0.5)}),${build(lo, mid)},${build(mid, hi)})`;
  };
  if (ticks.length === 0) return "0";
  return build(0, ticks.length);
}

/**
 * How to jump near a frame before decoding: "safe" aims at the keyframe decoding starts from, so the
 * demuxer (which lands at or before its target) never passes the frame; "fast" also undoes the
 * ffmpeg CLI's "dts heuristic" (with B-frames it aims 3/23 s early, one GOP too far back on some
 * builds), so it may overshoot and needs its result checked; "none" decodes from the start.
 */
export type SeekMode = "fast" | "safe" | "none";

const DTS_HEURISTIC_US = 130435; // ceil(3 s / 23), as subtracted by ffmpeg's -ss when streams have B-frames

/** ffmpeg input options: keep the file's own pts (-copyts) and seek near frame `index` (a path or an HTTP(S) URL). */
export function inputArgs(file: string, t: Timeline, index: number, streamIndex: number, mode: SeekMode = "safe"): string[] {
  const args = ["-hide_banner", "-nostdin", "-nostats", "-copyts"];
  let base: number | undefined;
  if (mode !== "none" && t.keyframes) {
    const k = keyframeBefore(t, index);
    if (k > 0) base = t.pts[k];
  } else if (mode !== "none") {
    // No keyframe list (a timeline from the DB): aim 1 s early, more than any B-frame reordering delay.
    const ticks = (t.pts[index] as number) - t.timescale;
    if (ticks > t.startPts) base = ticks;
  }
  if (base !== undefined) {
    // Round up to the microsecond so the target is never a hair before the keyframe (which would
    // send the demuxer to the previous one); -seek_timestamp makes -ss absolute, like our pts.
    const us = Math.ceil((base * 1e6) / t.timescale) + (mode === "fast" ? DTS_HEURISTIC_US : 0);
    args.push("-seek_timestamp", "1", "-ss", formatSeconds(us), "-noaccurate_seek");
  }
  args.push(...remoteInputArgs(file), "-i", file, "-map", `0:${streamIndex}`);
  return args;
}

function formatSeconds(us: number): string {
  const sign = us < 0 ? "-" : "";
  const a = Math.abs(us);
  return `${sign}${Math.floor(a / 1e6)}.${String(a % 1e6).padStart(6, "0")}`;
}

/** Output options shared by every decode: no frame duplication or dropping. */
export function outputArgs(bin: BinaryInfo, filters: string[], frames: number): string[] {
  return ["-vf", filters.join(","), ...passthroughArgs(bin), "-frames:v", String(frames)];
}

/** Quotes an expression for a filtergraph option (commas inside stay part of the expression). */
export function quoteExpr(expr: string): string {
  return `'${expr}'`;
}

/** Output size for a requested width and/or height, keeping the displayed aspect ratio. */
export function outputSize(display: { width: number; height: number }, width?: number, height?: number): { width: number; height: number } {
  for (const v of [width, height]) {
    if (v !== undefined && !(Number.isInteger(v) && v > 0 && v <= 16384)) throw new RangeError(`Bad output size ${v}`);
  }
  if (width && height) return { width, height };
  if (width) return { width, height: Math.max(1, Math.round((width * display.height) / display.width)) };
  if (height) return { width: Math.max(1, Math.round((height * display.width) / display.height)), height };
  return { width: display.width, height: display.height };
}
