import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { abortError, NotAVideoError } from "./errors";
import { describeFailure, spawnError, TailBuffer, withFallback } from "./ffmpeg";
import { remoteInputArgs } from "./input";
import { probeVideo, type VideoProbe } from "./probe";
import { LruCache } from "@/lib/cache/lru";
import { makeTimeline, timelineCache, type Timeline } from "./timeline";

export interface ReadTimelineOptions {
  signal?: AbortSignal;
  /** A probe already made for this file (saves one ffprobe run). */
  probe?: VideoProbe;
}

interface Row {
  pts: number; // NaN when the container has none
  key: boolean;
  discard: boolean;
  corrupt: boolean;
}

/**
 * Reads the exact timeline from the packets, without decoding pictures: the pts of every packet
 * the decoder will show (MP4 edit lists mark the others "D"), sorted into display order. Falls
 * back to decoding (readDecodedTimeline) when packets cannot be trusted: missing pts, duplicate
 * pts, or a stream that does not start on a keyframe (the decoder drops what precedes it).
 */
export async function readTimeline(file: string, opts: ReadTimelineOptions = {}): Promise<Timeline> {
  const probe = opts.probe ?? (await probeVideo(file, opts));
  const { rows, partialLast } = await ffprobeRows(file, probe, "packet=pts,flags", opts.signal);
  if (rows.length === 0) throw new NotAVideoError(file, "no video packets");
  if (!rows[0]?.key || rows.some((r) => Number.isNaN(r.pts))) return readDecodedTimeline(file, opts);
  // A packet cut short by the end of a truncated file does not decode: drop it, keep the rest.
  let lastKept = -1;
  for (let i = rows.length - 1; i >= 0; i--) {
    if (!rows[i]?.discard) {
      lastKept = i;
      break;
    }
  }
  const kept = rows.filter((r, i) => !r.discard && !r.corrupt && !(partialLast && i === lastKept));
  const truncated = partialLast || rows.some((r) => r.corrupt);
  if (kept.length === 0) throw new NotAVideoError(file, "no complete video frame (truncated file?)");
  const timeline = fromRows(probe, kept, truncated);
  return timeline ?? readDecodedTimeline(file, opts);
}

/** The timeline as the decoder outputs it (slow: decodes every frame); the reference for checks. */
export async function readDecodedTimeline(file: string, opts: ReadTimelineOptions = {}): Promise<Timeline> {
  const probe = opts.probe ?? (await probeVideo(file, opts));
  const { rows, partialLast } = await ffprobeRows(file, probe, "frame=key_frame,best_effort_timestamp", opts.signal);
  const usable = rows.filter((r) => !Number.isNaN(r.pts));
  if (usable.length === 0) throw new NotAVideoError(file, "no decodable video frame");
  const t = fromRows(probe, usable, partialLast);
  if (!t) throw new NotAVideoError(file, "decoded frames have repeated or unordered pts");
  return t;
}

/** Sorts rows into display order; null when two frames share a pts (no exact order exists). */
function fromRows(probe: VideoProbe, rows: Row[], truncated: boolean): Timeline | null {
  const [tbNum, tbDen] = probe.timeBase;
  const pts = new Float64Array(rows.length);
  const keyPts: number[] = [];
  rows.forEach((r, i) => {
    pts[i] = r.pts * tbNum; // ticks of 1/tbDen s, integers even when the time base is e.g. 1001/30000
    if (r.key) keyPts.push(r.pts * tbNum);
  });
  pts.sort();
  for (let i = 1; i < pts.length; i++) if (pts[i] === pts[i - 1]) return null;
  keyPts.sort((a, b) => a - b);
  const keyframes = new Uint32Array(keyPts.length);
  let j = 0;
  keyPts.forEach((k, n) => {
    while (j < pts.length && (pts[j] as number) < k) j++;
    keyframes[n] = j;
  });
  return makeTimeline(tbDen, pts, { keyframes, ...(truncated ? { truncated } : {}) });
}

/** Runs ffprobe over one stream and parses its compact output line by line as it streams. */
async function ffprobeRows(file: string, probe: VideoProbe, entries: string, signal?: AbortSignal): Promise<{ rows: Row[]; partialLast: boolean }> {
  const args = ["-v", "error", "-select_streams", String(probe.streamIndex), "-show_entries", entries, "-of", "compact=p=0", ...remoteInputArgs(file), file];
  return withFallback("ffprobe", (bin) => parseStream(bin.path, args, probe.streamIndex, signal));
}

function parseStream(bin: string, args: string[], streamIndex: number, signal?: AbortSignal): Promise<{ rows: Row[]; partialLast: boolean }> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
    const rows: Row[] = [];
    const err = new TailBuffer(16 * 1024);
    let partialLast = false;
    let rest = "";
    const partial = new RegExp(`stream ${streamIndex}, offset 0x[0-9a-f]+: partial file`);
    const onAbort = () => child.kill("SIGKILL");
    signal?.addEventListener("abort", onAbort, { once: true });
    child.stdout.setEncoding("latin1");
    child.stdout.on("data", (s: string) => {
      const lines = (rest + s).split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) parseLine(line, rows);
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (s: string) => {
      err.push(s);
      if (partial.test(s)) partialLast = true;
    });
    child.on("error", (e: NodeJS.ErrnoException) => reject(spawnError(bin, e)));
    child.on("close", (code, sig) => {
      signal?.removeEventListener("abort", onAbort);
      if (signal?.aborted) return reject(abortError(signal));
      parseLine(rest, rows);
      if (code === 0) resolve({ rows, partialLast });
      else reject(describeFailure(path.basename(bin), args, code, sig, err.toString()));
    });
  });
}

function parseLine(line: string, rows: Row[]): void {
  if (line.length === 0) return;
  let pts = NaN;
  let flags = "";
  let key = false;
  let seen = false;
  for (const field of line.split("|")) {
    const eq = field.indexOf("=");
    if (eq < 0) continue;
    const name = field.slice(0, eq);
    const value = field.slice(eq + 1);
    if (name === "pts" || name === "best_effort_timestamp") {
      pts = value === "N/A" ? NaN : Number(value);
      seen = true;
    } else if (name === "flags") flags = value;
    else if (name === "key_frame") key = value === "1";
  }
  if (!seen) return; // side data or other sections
  rows.push({ pts, key: key || flags.includes("K"), discard: flags.includes("D"), corrupt: flags.includes("C") });
}

/** Cache key for a file: changes whenever the file is replaced or rewritten. */
export async function fileKey(file: string): Promise<string> {
  const abs = path.resolve(file);
  const st = await fs.stat(abs).catch(() => null);
  if (!st) throw new NotAVideoError(file, "file not found");
  return `${abs}:${st.size}:${st.mtimeMs}`;
}

/** readTimeline through the shared LRU, keyed by path + size + mtime. */
export async function getTimeline(file: string, opts: ReadTimelineOptions = {}): Promise<Timeline> {
  const key = await fileKey(file);
  return timelineCache.getOrLoad(key, async () => readTimeline(file, { ...opts, probe: opts.probe ?? (await getProbe(file, opts)) }));
}

const probes = new LruCache<VideoProbe>(64);

/** probeVideo through a small cache keyed by path + size + mtime. */
export async function getProbe(file: string, opts: { signal?: AbortSignal } = {}): Promise<VideoProbe> {
  return probes.getOrLoad(await fileKey(file), () => probeVideo(file, opts));
}
