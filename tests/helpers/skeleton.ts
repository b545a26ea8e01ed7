import type { PoseSample } from "@/lib/people/features";
import type { Keypoint } from "@/lib/pose/keypoints";

// Synthetic people for classifier tests: a COCO-17 skeleton (hip centre at the origin, torso 60 px,
// y down) moved along known paths at known speeds, sampled at uneven (VFR) pts.

type Pt = [number, number];
const STAND: Pt[] = [
  [0, -85], [-5, -90], [5, -90], [-10, -88], [10, -88],
  [-15, -60], [15, -60], [-18, -35], [18, -35], [-18, -10], [18, -10],
  [-10, 0], [10, 0], [-10, 50], [10, 50], [-10, 100], [10, 100],
];
export const TORSO_PX = 60;

export type Posture = "stand" | "sit" | "hand";

export function posture(p: Posture): Pt[] {
  const s = STAND.map((q) => [...q] as Pt);
  if (p === "sit") {
    // Side view on a chair: thighs level, shins down.
    s[13] = [40, 4];
    s[14] = [45, 6];
    s[15] = [40, 54];
    s[16] = [45, 56];
  }
  if (p === "hand") {
    s[8] = [22, -95];
    s[10] = [24, -125];
  }
  return s;
}

/** Rotates points about a pivot by `deg` (positive = clockwise on screen). */
export function rotate(points: Pt[], pivot: Pt, deg: number): Pt[] {
  const r = (deg * Math.PI) / 180;
  const [c, s] = [Math.cos(r), Math.sin(r)];
  return points.map(([x, y]) => {
    const dx = x - pivot[0];
    const dy = y - pivot[1];
    return [pivot[0] + dx * c - dy * s, pivot[1] + dx * s + dy * c];
  });
}

/** A deterministic pseudo-random generator (tests must repeat). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** VFR pts from `fromMs` to `toMs`: gaps drawn from [minGap, maxGap] ms. */
export function vfrTimes(fromMs: number, toMs: number, seed = 1, minGap = 60, maxGap = 340): number[] {
  const r = rng(seed);
  const out: number[] = [];
  for (let t = fromMs; t <= toMs; t += minGap + r() * (maxGap - minGap)) out.push(Math.round(t * 1000) / 1000);
  return out;
}

/** One sample: the skeleton's points placed at (x, y) (= hip centre), ±jitter px noise, score 0.8. */
export function sample(ptsMs: number, points: Pt[], x: number, y: number, r: () => number, jitter = 1): PoseSample {
  const kps: Keypoint[] = points.map(([px, py]) => [x + px + (r() - 0.5) * 2 * jitter, y + py + (r() - 0.5) * 2 * jitter, 0.8]);
  const xs = kps.map((k) => k[0]);
  const ys = kps.map((k) => k[1]);
  const box = [Math.min(...xs) - 5, Math.min(...ys) - 5, Math.max(...xs) - Math.min(...xs) + 10, Math.max(...ys) - Math.min(...ys) + 10];
  return { ptsMs, keypoints: kps, box };
}
