import { beforeAll, describe, expect, it } from "vitest";
import type { AnalysisResult } from "@/lib/detect/analyze";
import { analysisHoldMs, buildVideoIndex, frameOnScreen, matchClick } from "@/lib/match/engine";
import { documentFrames } from "@/lib/analysis/run";
import { boxesByTrack } from "@/lib/analysis/schema";
import { fixtureAnalysis } from "../helpers/demo-analysis";
import { engineRule, inRect, loadTruth, measureOcclusion, occlusionIndex, pct, smallestBoxRule } from "../helpers/occlusion-measure";

// Issue 15's acceptance: on product_demo (photos pasted over each other, later ones on top), clicks on
// the part of an object that a later photo covers must not answer the hidden object, and clicks on the
// front object's own box there must answer it. Real detections (cached), real tracker, real engine.
// tests/unit/match-occlusion-porch.test.ts measures the same on a scene the rules were not tuned on.

const truth = loadTruth("../shared/fixtures/media/product_demo.mp4.truth.json");
const index = (r: AnalysisResult, keepObserved: boolean, keepCells = keepObserved) => occlusionIndex(truth, r, keepObserved, keepCells);
const measure = (idx: ReturnType<typeof index>, rule: typeof engineRule) => measureOcclusion(truth, idx, rule);

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
