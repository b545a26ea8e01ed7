import { spawn } from "node:child_process";
import { abortError, FfmpegError } from "./errors";
import { binaryInfo, candidates, describeFailure, spawnError, TailBuffer, type BinaryInfo } from "./ffmpeg";
import type { VideoProbe } from "./probe";
import { inputArgs, outputArgs, outputSize, quoteExpr, selectRange, selectSet } from "./select";
import { frameAt, keyframeBefore, ptsMsOf, type Timeline } from "./timeline";
import { getProbe, getTimeline } from "./timeline-read";

export interface DecodeOptions {
  /** Sample: the frame on screen at each 1/fps step from the first frame, each frame once. */
  fps?: number;
  width?: number;
  height?: number;
  /** ms from the first frame; the frame on screen at startMs is the first one yielded. */
  startMs?: number;
  /** Exclusive: frames (or samples) at or after endMs are not yielded. */
  endMs?: number;
  signal?: AbortSignal;
  /** The file's timeline (else read once and cached by path + size + mtime). */
  timeline?: Timeline;
  probe?: VideoProbe;
}

export interface DecodedFrame {
  index: number;
  ptsMs: number;
  width: number;
  height: number;
  /** Raw RGB24, width × height × 3 bytes, row-major; the consumer owns it. */
  data: Buffer;
}

// A new ffmpeg run (seeking to a keyframe) beats decoding this many frames nobody asked for.
const SEEK_GAIN_FRAMES = 120;
// Frames per ffmpeg run when picking a set: keeps the select expression well under argv limits.
const MAX_SET = 1024;

/** The timeline indices decodeFrames yields, in order. */
export function planFrames(t: Timeline, opts: Pick<DecodeOptions, "fps" | "startMs" | "endMs"> = {}): number[] {
  const startMs = Math.max(0, opts.startMs ?? 0);
  const endMs = opts.endMs ?? Infinity;
  const out: number[] = [];
  if (t.frameCount === 0 || !(endMs > startMs)) return out;
  if (opts.fps === undefined) {
    const i0 = frameAt(t, startMs);
    for (let i = i0; i < t.frameCount && (i === i0 || ptsMsOf(t, i) < endMs); i++) out.push(i);
    return out;
  }
  const fps = opts.fps;
  if (!(fps > 0 && Number.isFinite(fps))) throw new RangeError(`Bad fps ${fps}`);
  const lastMs = ptsMsOf(t, t.frameCount - 1);
  let k = Math.max(0, Math.ceil((startMs * fps) / 1000));
  while (k > 0 && ((k - 1) * 1000) / fps >= startMs) k--;
  while ((k * 1000) / fps < startMs) k++;
  let i = 0;
  for (; ; k++) {
    const s = (k * 1000) / fps;
    if (s >= endMs || s > lastMs) break;
    while (i + 1 < t.frameCount && ptsMsOf(t, i + 1) <= s) i++;
    if (out[out.length - 1] !== i) out.push(i);
  }
  return out;
}

/** Splits the plan into ffmpeg runs: a new run when seeking skips enough frames, or the set is large. */
export function planRuns(t: Timeline, indices: number[]): number[][] {
  const runs: number[][] = [];
  let cur: number[] = [];
  let contiguous = true;
  for (const i of indices) {
    const prev = cur[cur.length - 1];
    if (prev !== undefined) {
      const farJump = keyframeBefore(t, i) > prev + SEEK_GAIN_FRAMES;
      const tooMany = cur.length >= MAX_SET && !(contiguous && i === prev + 1);
      if (farJump || tooMany) {
        runs.push(cur);
        cur = [];
        contiguous = true;
      } else if (i !== prev + 1) contiguous = false;
    }
    cur.push(i);
  }
  if (cur.length) runs.push(cur);
  return runs;
}

/**
 * Streams decoded frames as raw RGB24 straight from ffmpeg's stdout, each labelled with its exact
 * index and pts in the timeline. ffmpeg pauses when the consumer is slow (pipe backpressure) and
 * is killed when the consumer stops early or the signal aborts.
 */
export async function* decodeFrames(file: string, opts: DecodeOptions = {}): AsyncGenerator<DecodedFrame, void, undefined> {
  const probe = opts.probe ?? (await getProbe(file, opts));
  const t = opts.timeline ?? (await getTimeline(file, { probe, signal: opts.signal }));
  const size = outputSize(probe, opts.width, opts.height);
  for (const indices of planRuns(t, planFrames(t, opts))) {
    yield* decodeRun(file, t, probe, indices, size, opts.signal);
  }
}

async function* decodeRun(file: string, t: Timeline, probe: VideoProbe, indices: number[], size: { width: number; height: number }, signal?: AbortSignal): AsyncGenerator<DecodedFrame> {
  const first = indices[0] as number;
  const last = indices[indices.length - 1] as number;
  const contiguous = last - first + 1 === indices.length;
  const ticks = indices.map((i) => t.pts[i] as number);
  const select = contiguous ? selectRange(t, ticks[0] as number, ticks[ticks.length - 1] as number) : selectSet(t, ticks);
  const filters = [`select=${quoteExpr(select)}`];
  if (size.width !== probe.width || size.height !== probe.height) filters.push(`scale=${size.width}:${size.height}`);
  let lastError: unknown;
  for (const seek of [true, false]) {
    for (const c of candidates("ffmpeg")) {
      let bin: BinaryInfo;
      try {
        bin = await binaryInfo(c);
      } catch (e) {
        lastError = e;
        continue;
      }
      const args = [...inputArgs(file, t, first, probe.streamIndex, seek ? "safe" : "none"), "-v", "error", ...outputArgs(bin, filters, indices.length), "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"];
      const state = { count: 0 };
      try {
        yield* readRaw(bin.path, args, t, indices, size, state, signal);
        if (state.count === indices.length) return;
        lastError = new FfmpegError(`ffmpeg produced ${state.count} of ${indices.length} frames (from frame ${first}) of ${file}`, 0, null, "");
        if (state.count > 0) throw lastError; // labels would be wrong: never guess
        break; // nothing came out: the seek may have overshot, so decode from the start
      } catch (e) {
        if (!(e instanceof FfmpegError && e.crashed && state.count === 0)) throw e;
        lastError = e; // this binary crashed before any frame: try the next one
      }
    }
  }
  throw lastError instanceof Error ? lastError : new Error(`decodeFrames failed on ${file}`);
}

async function* readRaw(bin: string, args: string[], t: Timeline, indices: number[], size: { width: number; height: number }, state: { count: number }, signal?: AbortSignal): AsyncGenerator<DecodedFrame> {
  if (signal?.aborted) throw abortError(signal);
  const frameBytes = size.width * size.height * 3;
  const child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
  const err = new TailBuffer(16 * 1024);
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (s: string) => err.push(s));
  const closed = new Promise<{ code: number | null; sig: NodeJS.Signals | null }>((resolve, reject) => {
    child.on("error", (e: NodeJS.ErrnoException) => reject(spawnError(bin, e)));
    child.on("close", (code, sig) => resolve({ code, sig }));
  });
  closed.catch(() => undefined); // observed below; avoids an unhandled rejection when we stop early
  const onAbort = () => child.kill("SIGKILL");
  signal?.addEventListener("abort", onAbort, { once: true });
  let done = false;
  try {
    let buf = Buffer.allocUnsafe(frameBytes);
    let filled = 0;
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      let off = 0;
      while (off < chunk.length) {
        const n = Math.min(frameBytes - filled, chunk.length - off);
        chunk.copy(buf, filled, off, off + n);
        filled += n;
        off += n;
        if (filled < frameBytes) continue;
        const index = indices[state.count];
        if (index === undefined) break;
        state.count++;
        yield { index, ptsMs: ptsMsOf(t, index), width: size.width, height: size.height, data: buf };
        buf = Buffer.allocUnsafe(frameBytes);
        filled = 0;
      }
    }
    const { code, sig } = await closed;
    done = true;
    if (signal?.aborted) throw abortError(signal);
    if (code !== 0) throw describeFailure(bin, args, code, sig, err.toString());
  } finally {
    signal?.removeEventListener("abort", onAbort);
    if (!done) {
      // The consumer stopped early (or we threw): stop ffmpeg now rather than let it decode on.
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await closed.catch(() => undefined);
    }
  }
}
