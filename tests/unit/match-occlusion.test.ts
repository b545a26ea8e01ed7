import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { AnalysisResult } from "@/lib/detect/analyze";
import { analysisHoldMs, boxesAt, buildVideoIndex, frameOnScreen, hitTest, matchClick, type Match, type VideoIndex } from "@/lib/match/engine";
import { confusable } from "@/lib/track/label-groups";
import { documentFrames } from "@/lib/analysis/run";
import { boxesByTrack } from "@/lib/analysis/schema";
import { fixtureAnalysis } from "../helpers/demo-analysis";

// Issue 15's acceptance: on product_demo (photos pasted over each other, later ones on top), clicks on
// the part of an object that a later photo covers must not answer the hidden object, and clicks on the
// front object's own box there must answer it. Real detections (cached), real tracker, real engine.

interface Rect { x: number; y: number; w: number; h: number }
interface TruthBox extends Rect { id: string; patch: Rect }
const truth = JSON.parse(readFileSync("../shared/fixtures/media/product_demo.mp4.truth.json", "utf8")) as {
  width: number;
  height: number;
  objects: { id: string; label: string }[];
  frames: { index: number; ptsMs: number; boxes: TruthBox[] }[];
};
const order = truth.objects.map((o) => o.id);
const labelOf = (id: string): string => truth.objects.find((o) => o.id === id)?.label ?? "";
const isObject = (m: Match | null, id: string): boolean => !!m && (m.label === labelOf(id) || confusable(m.label, labelOf(id)));
const inRect = (r: Rect, x: number, y: number): boolean => x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
const meet = (a: Rect, b: Rect): Rect | null => {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const w = Math.min(a.x + a.w, b.x + b.w) - x;
  const h = Math.min(a.y + a.h, b.y + b.h) - y;
  return w >= 2 && h >= 2 ? { x, y, w, h } : null;
};

function index(r: AnalysisResult, keepObserved: boolean, keepCells = keepObserved): VideoIndex {
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

type Rule = (idx: VideoIndex, x: number, y: number, t: number) => Match | null;
const engineRule: Rule = (idx, x, y, t) => matchClick(idx, { x, y, timestampS: t }).match;
// The rule before issue 15: every interpolated box counts, the smallest box containing the point wins.
const smallestBoxRule: Rule = (idx, x, y, t) => {
  const { ptsMs } = frameOnScreen(idx, t);
  return ptsMs === null ? null : hitTest(boxesAt(idx, ptsMs), x, y, idx.tolerancePx);
};

function measure(idx: VideoIndex, rule: Rule) {
  let seed = 15;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const lastMs = truth.frames[truth.frames.length - 1]!.ptsMs;
  const c = { hiddenClicks: 0, hiddenAnswered: 0, nothing: 0, frontClicks: 0, frontAnswered: 0, underObject: 0, underObjectAnswered: 0, visibleClicks: 0, visibleAnswered: 0 };
  for (let i = 0; i < 400; i++) {
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

describe("occlusion-aware matching on product_demo (real detections at 5 fps)", () => {
  let analysis: AnalysisResult;
  beforeAll(async () => {
    analysis = await fixtureAnalysis("product_demo.mp4", 5);
  }, 600_000);

  it("the tracker marks bridged boxes: some boxes of the demo are bridged, each between two observed ones", () => {
    const all = Object.values(analysis.trackBoxes);
    const bridged = all.flat().filter((b) => b.observed === false).length;
    console.log(`[occlusion] ${analysis.tracks.length} tracks, ${all.flat().length} boxes, ${bridged} bridged`);
    for (const boxes of all) {
      expect(boxes[0]?.observed).toBe(true);
      expect(boxes[boxes.length - 1]?.observed).toBe(true);
    }
  });

  it("clicks on a covered part rarely answer the hidden object; ≥ 90 % of clicks on the front object's box answer it", () => {
    const now = measure(index(analysis, true), engineRule);
    const before = measure(index(analysis, false), smallestBoxRule);
    const noCells = measure(index(analysis, true, false), engineRule);
    const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
    console.log(
      `[occlusion] engine: hidden object answered ${now.hiddenAnswered}/${now.hiddenClicks} (${pct(now.hiddenShare)}, "nothing here" ${now.nothing}), ` +
        `front object answered ${now.frontAnswered}/${now.frontClicks} (${pct(now.frontShare)}); ` +
        `of the covered points under the front object itself: hidden answered ${now.underObjectAnswered}/${now.underObject} (${pct(now.underObjectShare)})`,
    );
    console.log(`[occlusion] visible parts answered: ${pct(now.visibleShare)} of ${now.visibleClicks} (without hidden cells ${pct(noCells.visibleShare)}, hidden-object share then ${pct(noCells.hiddenShare)})`);
    console.log(`[occlusion] smallest-box rule before: hidden ${pct(before.hiddenShare)} (under the object itself ${pct(before.underObjectShare)}), front ${pct(before.frontShare)}`);
    expect(now.hiddenClicks).toBeGreaterThan(100);
    expect(now.frontClicks).toBeGreaterThan(100);
    // Issue 15's line: ≤ 5 % of clicks on a covered part answer the hidden object (bridged boxes and the
    // analysis' hidden cells, lib/track/visibility.ts); ≥ 90 % on the front object answer it.
    expect(now.hiddenShare).toBeLessThanOrEqual(0.05);
    expect(now.hiddenShare).toBeLessThan(before.hiddenShare * 0.25);
    expect(now.frontShare).toBeGreaterThanOrEqual(0.9);
    // Hidden cells cost clicks on what can be seen at most 2 points.
    expect(now.visibleShare).toBeGreaterThanOrEqual(noCells.visibleShare - 0.02);
  });
});

describe("the issue's example: at 4.0 s the astronaut stands over the dog", () => {
  it("a click on the astronaut's face answers the astronaut (the old rule answered the dog)", async () => {
    const analysis = await fixtureAnalysis("product_demo.mp4", 5);
    const idx = index(analysis, true);
    const frame = truth.frames[frameOnScreen(idx, 4.0).frameIndex ?? -1];
    const a = frame?.boxes.find((b) => b.id === "astronaut");
    const dog = frame?.boxes.find((b) => b.id === "dog");
    if (!a || !dog) throw new Error("astronaut and dog are both on screen at 4.0 s");
    const [x, y] = [a.x + 0.45 * a.w, a.y + 0.2 * a.h];
    expect(inRect(dog, x, y)).toBe(true);
    const m = matchClick(idx, { x, y, timestampS: 4.0 });
    console.log(`[occlusion] 4.0 s face click (${x.toFixed(0)}, ${y.toFixed(0)}) → ${m.match?.label ?? "nothing"}; old rule → ${smallestBoxRule(index(analysis, false), x, y, 4.0)?.label ?? "nothing"}`);
    expect(m.match?.label).toBe("person");
  });
});

describe("the in-app run's detections document keeps bridged boxes (what the server stores and matches on)", () => {
  it("every bridged box stays bridged through documentFrames → boxesByTrack, and the 4.0 s face click still answers the astronaut", async () => {
    const analysis = await fixtureAnalysis("product_demo.mp4", 5);
    const frames = documentFrames(analysis.frames);
    const stored = boxesByTrack({ frames } as Parameters<typeof boxesByTrack>[0]);
    const bridged = Object.values(analysis.trackBoxes).flat().filter((b) => b.observed === false).length;
    expect(bridged).toBeGreaterThan(0);
    expect([...stored.values()].flat().filter((b) => !b.observed).length).toBe(bridged);
    const idx = buildVideoIndex({
      timeline: truth.frames.map((f) => f.ptsMs),
      tracks: analysis.tracks.map((t) => ({ trackId: t.trackId, label: t.label, holdMs: analysisHoldMs("auto", 5), boxes: (stored.get(t.trackId) ?? []).map((b) => ({ ...b, x: b.box[0], y: b.box[1], w: b.box[2], h: b.box[3] })) })),
      width: truth.width,
      height: truth.height,
    });
    const frame = truth.frames[frameOnScreen(idx, 4.0).frameIndex ?? -1]!;
    const a = frame.boxes.find((b) => b.id === "astronaut")!;
    expect(matchClick(idx, { x: a.x + 0.45 * a.w, y: a.y + 0.2 * a.h, timestampS: 4.0 }).match?.label).toBe("person");
  });
});
