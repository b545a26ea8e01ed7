import { KP, type Keypoint } from "@/lib/pose/keypoints";

// Per-sample body measurements from keypoints, in pixels; everything later is divided by body size.

/** One pose of a track at an exact pts. box = the track's box [x, y, w, h] there (a fallback for size). */
export interface PoseSample {
  ptsMs: number;
  keypoints: readonly Keypoint[];
  box: readonly number[];
}

export interface BodyFeatures {
  ptsMs: number;
  /** Mid-hip (or box centre when hips are unseen), px. */
  cx: number;
  cy: number;
  /** Torso length (mid-shoulder to mid-hip), px; the body-size unit. Null when unseen. */
  torso: number | null;
  /** Torso angle from vertical, degrees (0 upright, 90 lying). Null when unseen. */
  tilt: number | null;
  /** (knee.y - hip.y) / torso: ~1.2 standing, near 0 sitting (thighs level). Null when unseen. */
  thighDrop: number | null;
  /** Highest wrist above the shoulders, in torsos (> 0 = above). Null when unseen. */
  wristRise: number | null;
  /** Left ankle minus right ankle (x, y), px: swings back and forth while walking in place or away. */
  ankleDx: number | null;
  ankleDy: number | null;
  /** Mean keypoint score of the points used. */
  quality: number;
}

export const MIN_KP_SCORE = 0.25;

function mid(kps: readonly Keypoint[], a: number, b: number): [number, number, number] | null {
  const p = kps[a];
  const q = kps[b];
  if (!p || !q) return null;
  const ok = [p, q].filter((k) => k[2] >= MIN_KP_SCORE);
  if (ok.length === 0) return null;
  return [ok.reduce((s, k) => s + k[0], 0) / ok.length, ok.reduce((s, k) => s + k[1], 0) / ok.length, ok.reduce((s, k) => s + k[2], 0) / ok.length];
}

export function bodyFeatures(s: PoseSample): BodyFeatures {
  const k = s.keypoints;
  const shoulders = mid(k, KP.left_shoulder, KP.right_shoulder);
  const hips = mid(k, KP.left_hip, KP.right_hip);
  const knees = mid(k, KP.left_knee, KP.right_knee);
  const [bx = 0, by = 0, bw = 0, bh = 0] = s.box;
  let torso: number | null = null;
  let tilt: number | null = null;
  if (shoulders && hips) {
    const dx = hips[0] - shoulders[0];
    const dy = hips[1] - shoulders[1];
    torso = Math.hypot(dx, dy);
    tilt = (Math.atan2(Math.abs(dx), Math.abs(dy)) * 180) / Math.PI;
    if (torso < 1) [torso, tilt] = [null, null];
  }
  const thighDrop = torso && hips && knees && tilt !== null && tilt < 45 ? (knees[1] - hips[1]) / torso : null;
  let wristRise: number | null = null;
  if (torso && shoulders) {
    for (const w of [k[KP.left_wrist], k[KP.right_wrist]]) {
      if (!w || w[2] < MIN_KP_SCORE) continue;
      const rise = (shoulders[1] - w[1]) / torso;
      wristRise = wristRise === null ? rise : Math.max(wristRise, rise);
    }
  }
  const la = k[KP.left_ankle];
  const ra = k[KP.right_ankle];
  const ankles = la && ra && la[2] >= MIN_KP_SCORE && ra[2] >= MIN_KP_SCORE;
  const used = [shoulders, hips].filter((p): p is [number, number, number] => p !== null);
  return {
    ptsMs: s.ptsMs,
    cx: hips ? hips[0] : bx + bw / 2,
    cy: hips ? hips[1] : by + bh / 2,
    torso,
    tilt,
    thighDrop,
    wristRise,
    ankleDx: ankles ? la[0] - ra[0] : null,
    ankleDy: ankles ? la[1] - ra[1] : null,
    quality: used.length ? used.reduce((a, p) => a + p[2], 0) / used.length : 0,
  };
}

/** Median of the finite values (null when none). */
export function median(values: readonly (number | null)[]): number | null {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const m = v.length >> 1;
  return v.length % 2 ? (v[m] as number) : ((v[m - 1] as number) + (v[m] as number)) / 2;
}

/** Least-squares slope of y over t (per second) — robust to uneven pts spacing (VFR). */
export function slopePerSecond(points: readonly { t: number; y: number }[]): number | null {
  if (points.length < 2) return null;
  const n = points.length;
  const mt = points.reduce((s, p) => s + p.t, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.t - mt) * (p.y - my);
    den += (p.t - mt) ** 2;
  }
  return den > 0 ? (num / den) * 1000 : null;
}

/** Standard deviation of the finite values (null with fewer than 3). */
export function stdev(values: readonly (number | null)[]): number | null {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x));
  if (v.length < 3) return null;
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
}
