import { readFileSync } from "node:fs";
import type { AnalysisResult } from "@/lib/detect/analyze";
import { analysisHoldMs, boxesAt, buildVideoIndex, frameOnScreen, hitTest, matchClick, type Match, type VideoIndex } from "@/lib/match/engine";
import { confusable } from "@/lib/track/label-groups";

// Issue 15's occlusion measurement on a video made by make-product-video.mjs (photos pasted over each
// other along known paths, later ones on top): its truth gives each object's own box and the whole
// pasted photo (`patch`) that hides what lies under it.

export interface Rect { x: number; y: number; w: number; h: number }
export interface TruthBox extends Rect { id: string; patch: Rect }
export interface Truth {
  width: number;
  height: number;
  objects: { id: string; label: string }[];
  frames: { index: number; ptsMs: number; boxes: TruthBox[] }[];
}

export const loadTruth = (file: string): Truth => JSON.parse(readFileSync(file, "utf8")) as Truth;

export const inRect = (r: Rect, x: number, y: number): boolean => x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
const meet = (a: Rect, b: Rect): Rect | null => {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const w = Math.min(a.x + a.w, b.x + b.w) - x;
  const h = Math.min(a.y + a.h, b.y + b.h) - y;
  return w >= 2 && h >= 2 ? { x, y, w, h } : null;
};

/** The click index of an analysis; `keepObserved: false` counts every box as seen, `keepCells: false` drops hidden cells. */
export function occlusionIndex(truth: Truth, r: AnalysisResult, keepObserved: boolean, keepCells = keepObserved): VideoIndex {
  return buildVideoIndex({
    timeline: truth.frames.map((f) => f.ptsMs),
    tracks: r.tracks.map((t) => ({
      trackId: t.trackId,
      label: t.label,
      holdMs: analysisHoldMs("auto", 5),
      boxes: (r.trackBoxes[String(t.trackId)] ?? []).map((b) => ({ ...b, x: b.box[0], y: b.box[1], w: b.box[2], h: b.box[3], observed: keepObserved ? b.observed : true, hiddenCells: keepCells ? b.hiddenCells : undefined })),
    })),
    width: truth.width,
    height: truth.height,
  });
}

export type Rule = (idx: VideoIndex, x: number, y: number, t: number) => Match | null;
export const engineRule: Rule = (idx, x, y, t) => matchClick(idx, { x, y, timestampS: t }).match;
/** The rule before issue 15: every interpolated box counts, the smallest box containing the point wins. */
export const smallestBoxRule: Rule = (idx, x, y, t) => {
  const { ptsMs } = frameOnScreen(idx, t);
  return ptsMs === null ? null : hitTest(boxesAt(idx, ptsMs), x, y, idx.tolerancePx);
};

/**
 * Random clicks at random times: on a part of an object's box that a later photo covers (hidden), on the
 * front object's own box over it (front), and on any object's visible part (visible).
 */
export function measureOcclusion(truth: Truth, idx: VideoIndex, rule: Rule, seed = 15, times = 400) {
  const order = truth.objects.map((o) => o.id);
  const labelOf = (id: string): string => truth.objects.find((o) => o.id === id)?.label ?? "";
  const isObject = (m: Match | null, id: string): boolean => !!m && (m.label === labelOf(id) || confusable(m.label, labelOf(id)));
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const lastMs = truth.frames[truth.frames.length - 1]!.ptsMs;
  const c = { hiddenClicks: 0, hiddenAnswered: 0, nothing: 0, frontClicks: 0, frontAnswered: 0, underObject: 0, underObjectAnswered: 0, visibleClicks: 0, visibleAnswered: 0 };
  for (let i = 0; i < times; i++) {
    const t = (rnd() * lastMs) / 1000;
    const frame = truth.frames[frameOnScreen(idx, t).frameIndex ?? -1];
    if (!frame) continue;
    for (const back of frame.boxes) {
      for (const front of frame.boxes.filter((b) => order.indexOf(b.id) > order.indexOf(back.id))) {
        const above = frame.boxes.filter((b) => order.indexOf(b.id) > order.indexOf(front.id));
        // A point of the back object's box under the front photo.
        const covered = meet(back, front.patch);
        if (covered) {
          const x = covered.x + rnd() * covered.w;
          const y = covered.y + rnd() * covered.h;
          const m = rule(idx, x, y, t);
          c.hiddenClicks++;
          if (isObject(m, back.id)) c.hiddenAnswered++;
          // Under the front object itself, not only under its photo's background (a table, a flag).
          if (inRect(front, x, y)) {
            c.underObject++;
            if (isObject(m, back.id)) c.underObjectAnswered++;
          }
          if (!m) c.nothing++;
        }
        // A point of the front object's own box over the back one, not covered by a photo above it.
        const own = meet(back, front);
        if (own) {
          const x = own.x + rnd() * own.w;
          const y = own.y + rnd() * own.h;
          if (above.some((b) => inRect(b.patch, x, y))) continue;
          c.frontClicks++;
          if (isObject(rule(idx, x, y, t), front.id)) c.frontAnswered++;
        }
      }
      // A point of an object's own visible part (its box minus the photos drawn after it).
      for (const o of frame.boxes) {
        const later = frame.boxes.filter((b) => order.indexOf(b.id) > order.indexOf(o.id));
        const x = o.x + rnd() * o.w;
        const y = o.y + rnd() * o.h;
        if (later.some((b) => inRect(b.patch, x, y))) continue;
        c.visibleClicks++;
        if (isObject(rule(idx, x, y, t), o.id)) c.visibleAnswered++;
      }
    }
  }
  return { ...c, visibleShare: c.visibleAnswered / c.visibleClicks, hiddenShare: c.hiddenAnswered / c.hiddenClicks, underObjectShare: c.underObjectAnswered / c.underObject, frontShare: c.frontAnswered / c.frontClicks };
}

export const pct = (v: number): string => `${(100 * v).toFixed(1)} %`;
