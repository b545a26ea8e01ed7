import { bodyFeatures, median, slopePerSecond, stdev, type BodyFeatures, type PoseSample } from "./features";

// Rule-based actions from keypoint kinematics. Speeds are in torso lengths per second of pts (so the
// rules hold for near and far people and for any frame timing); see docs/actions.md for each rule.

export const ACTIONS = ["standing", "walking", "running", "sitting", "raising_hand", "falling"] as const;
export type Action = (typeof ACTIONS)[number];

export interface ActionSpan {
  action: Action;
  startMs: number;
  endMs: number;
  confidence: number;
}

export const THRESHOLDS = {
  /** Torso lengths per second of mid-hip motion: below = standing, above = walking. */
  walkSpeed: 0.8,
  /** Above = running (a walk is ~2–3 torsos/s, a run 5+). */
  runSpeed: 4.0,
  /** (knee.y − hip.y) / torso below this = thighs near level = sitting (standing ≈ 0.8–1). */
  sitThighDrop: 0.5,
  /**
   * Gait: standard deviation of the ankle-to-ankle vector over the speed window, in torsos. Legs that
   * swing this much mean walking even when the hips barely move across the picture (towards or away
   * from the camera).
   */
  gaitSwing: 0.25,
  /** Moving faster than this cannot be sitting. */
  sitMaxSpeed: 1.0,
  /** A wrist this many torsos above the shoulder line = a raised hand. */
  handRise: 0.35,
  /** Torso tilt from vertical (degrees): upright at most, lying at least. */
  uprightTilt: 35,
  lyingTilt: 60,
  /** Upright → lying within this long, with the hips dropping at least fallDrop torsos = a fall. */
  fallWithinMs: 1500,
  fallDrop: 0.5,
  /** Half-windows (ms of pts) for speed and scale estimates and for the majority vote. */
  speedHalfWindowMs: 500,
  scaleHalfWindowMs: 1500,
  voteHalfWindowMs: 600,
} as const;

interface Labelled {
  ptsMs: number;
  action: Action;
  confidence: number;
}

function clamp01(v: number): number {
  return Math.max(0, Math.min(1, v));
}

/** Confidence from how far a value is past its threshold, relative to the threshold. */
function margin(value: number, threshold: number): number {
  return 0.5 + 0.5 * clamp01(Math.abs(value - threshold) / Math.max(threshold, 1e-6));
}

function inWindow<T extends { ptsMs: number }>(all: readonly T[], t: number, half: number): T[] {
  return all.filter((s) => Math.abs(s.ptsMs - t) <= half);
}

/** Per-sample labels before smoothing (exported for tests and the annotated video's debugging). */
export function labelSamples(samples: readonly PoseSample[], th = THRESHOLDS): Labelled[] {
  const f = [...samples].sort((a, b) => a.ptsMs - b.ptsMs).map(bodyFeatures);
  const trackTorso = median(f.map((x) => x.torso));
  const scale = f.map((x, i) => {
    const s = median(inWindow(f, x.ptsMs, th.scaleHalfWindowMs).map((y) => y.torso)) ?? trackTorso;
    const [, , , h = 0] = samples[i]?.box ?? [];
    return s ?? Math.max(1, h * 0.3);
  });
  const falls = fallingMask(f, scale, th);
  return f.map((x, i) => {
    const S = scale[i] as number;
    const q = Math.max(0.2, x.quality);
    if (falls[i]) return { ptsMs: x.ptsMs, action: "falling", confidence: q };
    const w = inWindow(f, x.ptsMs, th.speedHalfWindowMs);
    const span = w.length ? (w[w.length - 1] as BodyFeatures).ptsMs - (w[0] as BodyFeatures).ptsMs : 0;
    const vx = span >= 200 ? slopePerSecond(w.map((y) => ({ t: y.ptsMs, y: y.cx }))) : null;
    const vy = span >= 200 ? slopePerSecond(w.map((y) => ({ t: y.ptsMs, y: y.cy }))) : null;
    const speed = vx !== null && vy !== null ? Math.hypot(vx, vy) / S : 0;
    const rise = median(w.map((y) => y.wristRise));
    if (rise !== null && rise >= th.handRise) return { ptsMs: x.ptsMs, action: "raising_hand", confidence: q * margin(rise, th.handRise) };
    const drop = median(w.map((y) => y.thighDrop));
    if (drop !== null && drop < th.sitThighDrop && speed < th.sitMaxSpeed) return { ptsMs: x.ptsMs, action: "sitting", confidence: q * margin(drop, th.sitThighDrop) };
    if (speed >= th.runSpeed) return { ptsMs: x.ptsMs, action: "running", confidence: q * margin(speed, th.runSpeed) };
    const swing = Math.hypot(stdev(w.map((y) => y.ankleDx)) ?? 0, stdev(w.map((y) => y.ankleDy)) ?? 0) / S;
    if (speed < th.walkSpeed && swing >= th.gaitSwing) return { ptsMs: x.ptsMs, action: "walking", confidence: q * 0.6 };
    if (speed >= th.walkSpeed) {
      const m = Math.min(margin(speed, th.walkSpeed), margin(speed, th.runSpeed));
      return { ptsMs: x.ptsMs, action: "walking", confidence: q * m };
    }
    return { ptsMs: x.ptsMs, action: "standing", confidence: q * margin(speed, th.walkSpeed) };
  });
}

/**
 * Samples that belong to a fall: the torso goes from upright to lying within fallWithinMs while the
 * hips drop; the fall covers the tilting samples and the time lying after it until the torso rises.
 */
function fallingMask(f: readonly BodyFeatures[], scale: readonly number[], th = THRESHOLDS): boolean[] {
  const mask = f.map(() => false);
  let lastUpright = -1;
  for (let i = 0; i < f.length; i++) {
    const x = f[i] as BodyFeatures;
    if (x.tilt === null) continue;
    if (x.tilt <= th.uprightTilt) {
      lastUpright = i;
      continue;
    }
    if (x.tilt < th.lyingTilt || lastUpright < 0 || mask[i]) continue;
    const u = f[lastUpright] as BodyFeatures;
    const drop = (x.cy - u.cy) / (scale[lastUpright] as number);
    if (x.ptsMs - u.ptsMs > th.fallWithinMs || drop < th.fallDrop) continue;
    for (let j = lastUpright + 1; j <= i; j++) mask[j] = true;
    // Still down: the fall lasts until the torso is no longer lying.
    for (let j = i + 1; j < f.length; j++) {
      const t = (f[j] as BodyFeatures).tilt;
      if (t !== null && t < th.lyingTilt - 10) break;
      mask[j] = true;
    }
  }
  return mask;
}

/** Majority vote (weighted by confidence) over a time window; falls are kept as found. */
function smooth(labels: readonly Labelled[], half: number): Labelled[] {
  return labels.map((l) => {
    if (l.action === "falling") return l;
    const votes = new Map<Action, number>();
    for (const o of inWindow(labels, l.ptsMs, half)) {
      if (o.action === "falling") continue;
      votes.set(o.action, (votes.get(o.action) ?? 0) + o.confidence + 1e-3);
    }
    let best: Action = l.action;
    let bestV = -1;
    for (const [a, v] of votes) if (v > bestV) [best, bestV] = [a, v];
    return best === l.action ? l : { ...l, action: best, confidence: l.confidence * 0.8 };
  });
}

/**
 * The action spans of one person track: per-sample labels, a majority vote over ±voteHalfWindowMs, then
 * runs of one action merged into spans. A span lasts from its first sample's pts to the next span's first
 * sample (the last span ends at the track's last pose); confidence = the mean of its samples'.
 */
export function classifyTrack(samples: readonly PoseSample[], th = THRESHOLDS): ActionSpan[] {
  if (samples.length === 0) return [];
  const labels = smooth(labelSamples(samples, th), th.voteHalfWindowMs);
  const spans: (ActionSpan & { n: number })[] = [];
  for (const l of labels) {
    const cur = spans[spans.length - 1];
    if (cur && cur.action === l.action) {
      cur.endMs = l.ptsMs;
      cur.confidence += l.confidence;
      cur.n++;
    } else {
      if (cur) cur.endMs = l.ptsMs;
      spans.push({ action: l.action, startMs: l.ptsMs, endMs: l.ptsMs, confidence: l.confidence, n: 1 });
    }
  }
  return spans.map(({ n, ...s }) => ({ ...s, confidence: Math.round((s.confidence / n) * 1000) / 1000 }));
}

/** The action of a track at `ptsMs` (the span containing it), for drawing. */
export function actionAt(spans: readonly ActionSpan[], ptsMs: number): ActionSpan | undefined {
  return spans.find((s) => s.startMs <= ptsMs && ptsMs < s.endMs) ?? (spans.length && spans[spans.length - 1]?.endMs === ptsMs ? spans[spans.length - 1] : undefined);
}
