import { letterbox, planViews } from "@/lib/geometry/views";
import type { TrackBox } from "@/lib/track/types";

/**
 * The one definition of a confirmed track: the only tracks shown to shoppers and, by default, in the
 * studio. The rest are kept (`hidden: true` in the detections JSON and in the database), one click away
 * for admins. Thresholds were chosen by measurement on the fixtures: docs/detection.md, "Confirmation".
 */
export interface ConfirmRules {
  /** Matched detections (analysed frames where the detector saw it); fewer is a flicker. */
  minHits: number;
  /** Mean detection score over the track, per class; classes not listed use `default`. */
  minMeanScore: Readonly<Record<string, number>>;
  /** Size (√(w·h)) of the track's median box, in pixels of the model's input at the finest view the frame is analysed in. */
  minModelPx: number;
  /** Model input size (CenterNet 512²) and whether tiles are on: together they give the finest view's scale. */
  inputSize: number;
  tiles: boolean;
}

export const CONFIRM_RULES: Readonly<ConfirmRules> = Object.freeze({
  minHits: 5,
  // CenterNet scores cups low (0.2–0.4 on product_demo's cup, track mean 0.30): measured, docs/detection.md.
  minMeanScore: { default: 0.3, cup: 0.25 },
  minModelPx: 20,
  inputSize: 512,
  tiles: true,
});

export interface TrackEvidence {
  hits: number;
  meanScore: number;
  /** Size √(w·h) of the median-area box (a standing person's is fair where its width is not), in source and model-input pixels. */
  sizePx: number;
  sizeModelPx: number;
}

export interface Confirmation extends TrackEvidence {
  confirmed: boolean;
  /** Why not, in words (empty when confirmed). */
  reasons: string[];
}

/** Model-input pixels per source pixel in the finest view (a tile when tiles are on) of a width×height frame. */
export function finestScale(width: number, height: number, rules: Pick<ConfirmRules, "inputSize" | "tiles"> = CONFIRM_RULES): number {
  return Math.max(...planViews(width, height, rules.tiles).map((v) => letterbox(v, rules.inputSize).scale));
}

export function trackEvidence(boxes: readonly TrackBox[], frame: { width: number; height: number }, rules: Pick<ConfirmRules, "inputSize" | "tiles"> = CONFIRM_RULES): TrackEvidence {
  const hits = boxes.length;
  const meanScore = hits ? boxes.reduce((s, b) => s + b.score, 0) / hits : 0;
  const byArea = [...boxes].sort((a, b) => a.box[2] * a.box[3] - b.box[2] * b.box[3]);
  const median = byArea[Math.floor(byArea.length / 2)];
  const sizePx = median ? Math.sqrt(median.box[2] * median.box[3]) : 0;
  return { hits, meanScore, sizePx, sizeModelPx: sizePx * finestScale(frame.width, frame.height, rules) };
}

/** Confirms (or not) one track from the boxes the tracker matched it to. */
export function confirmTrack(track: { label: string; boxes: readonly TrackBox[] }, frame: { width: number; height: number }, rules: ConfirmRules = CONFIRM_RULES): Confirmation {
  const e = trackEvidence(track.boxes, frame, rules);
  const minScore = rules.minMeanScore[track.label] ?? rules.minMeanScore.default ?? 0;
  const reasons: string[] = [];
  if (e.hits < rules.minHits) reasons.push(`${e.hits} hits < ${rules.minHits}`);
  if (e.meanScore < minScore) reasons.push(`mean score ${e.meanScore.toFixed(2)} < ${minScore} (${track.label})`);
  if (e.sizeModelPx < rules.minModelPx) reasons.push(`box ${e.sizeModelPx.toFixed(0)} px in the model's input < ${rules.minModelPx}`);
  return { ...e, confirmed: reasons.length === 0, reasons };
}
