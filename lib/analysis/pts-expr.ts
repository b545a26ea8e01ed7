// ffmpeg's setpts filter only knows expressions, so the exact pts of every frame are given to it as
// one: a balanced if/lt tree over runs of frames with a constant duration, so a constant-rate stretch
// costs one leaf, the text grows with the number of rate changes (not frames) and each frame costs
// O(log runs) comparisons. N is the frame's number in the stream ffmpeg reads (0-based).

interface Run {
  /** First frame number of the run. */
  n: number;
  /** pts (ticks) of that frame. */
  pts: number;
  /** Ticks per frame inside the run (0 for a single-frame run). */
  step: number;
}

/** Splits ascending integer pts into maximal runs of equal spacing. */
export function ptsRuns(pts: ArrayLike<number>): Run[] {
  const runs: Run[] = [];
  let i = 0;
  while (i < pts.length) {
    const start = i;
    const p0 = pts[i] as number;
    if (i + 1 >= pts.length) {
      runs.push({ n: start, pts: p0, step: 0 });
      break;
    }
    const step = (pts[i + 1] as number) - p0;
    i += 1;
    while (i + 1 < pts.length && (pts[i + 1] as number) - (pts[i] as number) === step) i++;
    runs.push({ n: start, pts: p0, step });
    i += 1;
  }
  return runs;
}

const num = (v: number) => (v < 0 ? `(${v})` : String(v));

function leaf(r: Run): string {
  if (r.step === 0) return num(r.pts);
  return r.n === 0 ? `${num(r.pts)}+N*${r.step}` : `${num(r.pts)}+(N-${r.n})*${r.step}`;
}

/** The setpts expression giving frame N the pts `pts[N]` (integers, in the output time base). */
export function ptsExpression(pts: ArrayLike<number>): string {
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i] as number;
    if (!Number.isSafeInteger(p)) throw new RangeError(`pts must be integers (frame ${i}: ${p})`);
    if (i > 0 && !(p > (pts[i - 1] as number))) throw new RangeError(`pts must increase (frame ${i})`);
  }
  const runs = ptsRuns(pts);
  if (runs.length === 0) return "0";
  const build = (lo: number, hi: number): string => {
    if (hi - lo === 1) return leaf(runs[lo] as Run);
    const mid = (lo + hi) >>> 1;
    return `if(lt(N,${(runs[mid] as Run).n}),${build(lo, mid)},${build(mid, hi)})`;
  };
  return build(0, runs.length);
}

/** Evaluates the same mapping in JS (tests check the expression against it). */
export function ptsOfFrame(pts: ArrayLike<number>, n: number): number {
  const runs = ptsRuns(pts);
  let lo = 0;
  let hi = runs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((runs[mid] as Run).n <= n) lo = mid;
    else hi = mid - 1;
  }
  const r = runs[lo] as Run;
  return r.pts + (n - r.n) * r.step;
}
