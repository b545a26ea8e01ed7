import { distanceMatrix, signatures, type SignatureOptions, type Signatures } from "./align-signatures";

export { distanceMatrix, signatures, type Signatures };

// Estimates how many ms after recording A recording B started, from the pictures alone: two
// recordings of one scene show (nearly) the same picture at the same scene moment. Both files are
// decoded small and grey with their exact pts, every A frame is compared with every B frame once,
// and every candidate offset is scored by how well the frames that would be on screen together match.

export interface OffsetOptions extends SignatureOptions {
  /** Candidate offsets must leave this share of the shorter recording overlapping the other. */
  minOverlap?: number;
}

export interface OffsetEstimate {
  /** ms after A's first frame at which B's first frame was captured. */
  offsetMs: number;
  /** Share of frame-to-frame matches that agree with offsetMs within toleranceMs. */
  agreement: number;
  /** 0..1: how much worse the best offset further than toleranceMs away scores (0 = ambiguous). */
  confidence: number;
  /** The estimate's resolution: B's median frame duration (an estimate within this is "one frame of B"). */
  toleranceMs: number;
  /** Frames of B compared at the best offset. */
  overlapFrames: number;
  /** Mean signature distance at the best offset and at the runner-up outside ±toleranceMs. */
  bestCost: number;
  runnerUpCost: number | null;
}

/** Index of the last entry ≤ x in an ascending array, −1 if none. */
function lastAtOrBefore(xs: Float64Array, x: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  if (hi < 0 || (xs[0] as number) > x) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((xs[mid] as number) <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Scores offset d: mean distance of the frame pairs on screen together, seen from both files (each B
 * frame with the A frame on screen when it was captured, and each A frame with B's), over the overlap.
 */
export function offsetCost(a: Signatures, b: Signatures, m: Float32Array, d: number): { cost: number; pairs: number; bFrames: number } {
  const nB = b.ptsMs.length;
  let sum = 0;
  let pairs = 0;
  let bFrames = 0;
  for (let j = 0; j < nB; j++) {
    const t = (b.ptsMs[j] as number) + d;
    if (t >= a.endMs) break;
    const i = lastAtOrBefore(a.ptsMs, t);
    if (i < 0) continue;
    sum += m[i * nB + j] as number;
    pairs++;
    bFrames++;
  }
  for (let i = 0; i < a.ptsMs.length; i++) {
    const t = (a.ptsMs[i] as number) - d;
    if (t >= b.endMs) break;
    const j = lastAtOrBefore(b.ptsMs, t);
    if (j < 0) continue;
    sum += m[i * nB + j] as number;
    pairs++;
  }
  return { cost: pairs ? sum / pairs : Infinity, pairs, bFrames };
}

/**
 * Refines a coarse offset: near it, each frame of one file votes for the offset at which it matches
 * the other file's most similar frame (a_i − b_j). Two cameras capture at different instants, so a
 * frame's best match is the other's frame captured nearest in time, not the one on screen before it:
 * the votes scatter by half a frame either side of the truth and their median removes that bias.
 */
export function refineOffset(a: Signatures, b: Signatures, m: Float32Array, coarse: number, toleranceMs: number): { offsetMs: number; agreement: number } {
  const nA = a.ptsMs.length;
  const nB = b.ptsMs.length;
  const window = 2 * toleranceMs;
  const votes: number[] = [];
  for (let j = 0; j < nB; j++) {
    const t = (b.ptsMs[j] as number) + coarse;
    if (t < 0 || t >= a.endMs) continue;
    let best = -1;
    for (let i = 0; i < nA; i++) {
      if (Math.abs((a.ptsMs[i] as number) - t) > window) continue;
      if (best < 0 || (m[i * nB + j] as number) < (m[best * nB + j] as number)) best = i;
    }
    if (best >= 0) votes.push((a.ptsMs[best] as number) - (b.ptsMs[j] as number));
  }
  for (let i = 0; i < nA; i++) {
    const t = (a.ptsMs[i] as number) - coarse;
    if (t < 0 || t >= b.endMs) continue;
    let best = -1;
    for (let j = 0; j < nB; j++) {
      if (Math.abs((b.ptsMs[j] as number) - t) > window) continue;
      if (best < 0 || (m[i * nB + j] as number) < (m[i * nB + best] as number)) best = j;
    }
    if (best >= 0) votes.push((a.ptsMs[i] as number) - (b.ptsMs[best] as number));
  }
  if (votes.length < 3) return { offsetMs: coarse, agreement: 0 };
  const offsetMs = median(votes);
  const agree = votes.filter((v) => Math.abs(v - offsetMs) <= toleranceMs).length;
  return { offsetMs, agreement: agree / votes.length };
}

// Above this many frame pairs the exact breakpoint search gives way to a grid.
const MAX_BREAKS = 40_000;

function durations(s: Signatures): number[] {
  const out: number[] = [];
  for (let k = 1; k < s.ptsMs.length; k++) out.push((s.ptsMs[k] as number) - (s.ptsMs[k - 1] as number));
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  return s.length ? (s[Math.floor(s.length / 2)] as number) : 0;
}

/**
 * Finds the offset from signatures. The cost only changes where some pair changes, i.e. at offsets
 * a_i − b_j, so every interval between those breakpoints is scored once (exact, no step size to tune).
 */
export function searchOffset(a: Signatures, b: Signatures, minOverlap = 0.25): OffsetEstimate {
  const nA = a.ptsMs.length;
  const nB = b.ptsMs.length;
  if (nA < 2 || nB < 2) throw new RangeError("Both videos need at least two frames to estimate an offset");
  const m = distanceMatrix(a, b);
  const toleranceMs = median(durations(b));
  const breaks: number[] = [];
  if (nA * nB <= MAX_BREAKS) {
    for (let i = 0; i < nA; i++) for (let j = 0; j < nB; j++) breaks.push((a.ptsMs[i] as number) - (b.ptsMs[j] as number));
  } else {
    // Long files: a grid at half the finer sampling step finds the same basin; refineOffset does the rest.
    const step = Math.max(1, Math.min(toleranceMs, median(durations(a))) / 2);
    for (let d = -b.endMs; d <= a.endMs; d += step) breaks.push(d);
  }
  breaks.push(a.endMs, -b.endMs);
  breaks.sort((x, y) => x - y);
  const need = minOverlap * Math.min(a.endMs, b.endMs);
  const scored: { d: number; lo: number; hi: number; cost: number; bFrames: number }[] = [];
  for (let k = 0; k + 1 < breaks.length; k++) {
    const lo = breaks[k] as number;
    const hi = breaks[k + 1] as number;
    if (hi - lo < 1e-6) continue;
    const d = (lo + hi) / 2;
    const overlap = Math.min(a.endMs, d + b.endMs) - Math.max(0, d);
    if (overlap < need) continue;
    const c = offsetCost(a, b, m, d);
    if (c.pairs > 0) scored.push({ d, lo, hi, cost: c.cost, bFrames: c.bFrames });
  }
  if (!scored.length) throw new RangeError("The videos are too short to overlap enough for an offset estimate");
  let best = scored[0]!;
  for (const s of scored) if (s.cost < best.cost) best = s;
  // The best cost is often shared by neighbouring intervals (a pair that moves to an equally good
  // frame): the estimate is the middle of that contiguous run of near-best offsets.
  const eps = 1e-6 + best.cost * 1e-4;
  let k0 = scored.indexOf(best);
  let k1 = k0;
  while (k0 > 0 && scored[k0 - 1]!.cost <= best.cost + eps && scored[k0 - 1]!.hi >= scored[k0]!.lo - 1e-6) k0--;
  while (k1 + 1 < scored.length && scored[k1 + 1]!.cost <= best.cost + eps && scored[k1 + 1]!.lo <= scored[k1]!.hi + 1e-6) k1++;
  const coarse = (scored[k0]!.lo + scored[k1]!.hi) / 2;
  const { offsetMs, agreement } = refineOffset(a, b, m, coarse, toleranceMs);
  let runnerUp: number | null = null;
  for (const s of scored) {
    if (Math.abs(s.d - offsetMs) <= toleranceMs) continue;
    if (runnerUp === null || s.cost < runnerUp) runnerUp = s.cost;
  }
  const confidence = runnerUp === null || runnerUp <= 0 ? 0 : Math.max(0, Math.min(1, (runnerUp - best.cost) / runnerUp));
  return { offsetMs, confidence, agreement, toleranceMs, overlapFrames: best.bFrames, bestCost: best.cost, runnerUpCost: runnerUp };
}

/** `--offset auto`: how many ms after A the recording B started, estimated from picture content. */
export async function estimateOffset(fileA: string, fileB: string, opts: OffsetOptions = {}): Promise<OffsetEstimate> {
  const a = await signatures(fileA, opts);
  const b = await signatures(fileB, opts);
  return searchOffset(a, b, opts.minOverlap);
}
