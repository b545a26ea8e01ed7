import { decodeFrames } from "./decode-frames";
import { frameDurations, ptsMsOf, type Timeline } from "./timeline";
import { getProbe, getTimeline } from "./timeline-read";

// Per-frame picture signatures for content-based alignment: small, grey, normalised, with exact pts.

export interface SignatureOptions {
  /** Signature size (both files are scaled to it, aspect ignored, so different sizes compare). */
  width?: number;
  height?: number;
  /** Frames decoded per file at most; longer files are sampled evenly in time. */
  maxFrames?: number;
  signal?: AbortSignal;
}

export interface Signatures {
  ptsMs: Float64Array;
  /** frame k's signature is data[k*len .. (k+1)*len): grey levels, zero mean, unit variance. */
  data: Float32Array;
  len: number;
  /** Where the last frame stops being on screen (its pts + the previous frame's duration). */
  endMs: number;
}

/** Decodes a file to normalised grey signatures, each labelled with its exact pts. */
export async function signatures(file: string, opts: SignatureOptions = {}): Promise<Signatures> {
  const width = opts.width ?? 64;
  const height = opts.height ?? 48;
  const probe = await getProbe(file, opts);
  const t = await getTimeline(file, { probe, signal: opts.signal });
  const maxFrames = opts.maxFrames ?? 400;
  const spanMs = t.frameCount > 1 ? ptsMsOf(t, t.frameCount - 1) : 0;
  // Sampling keeps the frame on screen at each step (decodeFrames' rule), so pts stay exact.
  const fps = t.frameCount > maxFrames && spanMs > 0 ? (maxFrames * 1000) / spanMs : undefined;
  const len = width * height;
  const pts: number[] = [];
  const chunks: Float32Array[] = [];
  for await (const f of decodeFrames(file, { width, height, fps, timeline: t, probe, signal: opts.signal })) {
    chunks.push(greySignature(f.data, len));
    pts.push(f.ptsMs);
  }
  const data = new Float32Array(chunks.length * len);
  chunks.forEach((c, k) => data.set(c, k * len));
  return { ptsMs: Float64Array.from(pts), data, len, endMs: spanMs + lastDurationMs(t) };
}

function lastDurationMs(t: Timeline): number {
  const d = frameDurations(t);
  const last = d[d.length - 1];
  return last === undefined ? 0 : (last * 1000) / t.timescale;
}

function greySignature(rgb: Buffer, len: number): Float32Array {
  const g = new Float32Array(len);
  let sum = 0;
  for (let p = 0; p < len; p++) {
    const v = 0.299 * (rgb[3 * p] as number) + 0.587 * (rgb[3 * p + 1] as number) + 0.114 * (rgb[3 * p + 2] as number);
    g[p] = v;
    sum += v;
  }
  const mean = sum / len;
  let sq = 0;
  for (let p = 0; p < len; p++) sq += ((g[p] as number) - mean) ** 2;
  // Normalised so a camera's exposure or gain does not count as a difference in content.
  const sd = Math.sqrt(sq / len) || 1;
  for (let p = 0; p < len; p++) g[p] = ((g[p] as number) - mean) / sd;
  return g;
}

// A pixel counts as different when the normalised levels differ by more than this many standard
// deviations: sensor noise, compression and low-contrast texture stay below it, objects do not.
const DIFF_SD = 1.5;

/** Share of differing pixels between every A signature and every B signature (row = A frame). */
export function distanceMatrix(a: Signatures, b: Signatures): Float32Array {
  const nA = a.ptsMs.length;
  const nB = b.ptsMs.length;
  const len = Math.min(a.len, b.len);
  const m = new Float32Array(nA * nB);
  for (let i = 0; i < nA; i++) {
    const ai = a.data.subarray(i * a.len, i * a.len + len);
    for (let j = 0; j < nB; j++) {
      const bj = b.data.subarray(j * b.len, j * b.len + len);
      let s = 0;
      for (let p = 0; p < len; p++) if (Math.abs((ai[p] as number) - (bj[p] as number)) > DIFF_SD) s++;
      m[i * nB + j] = s / len;
    }
  }
  return m;
}
