import { beforeAll, describe, expect, it } from "vitest";
import type { AnalysisResult } from "@/lib/detect/analyze";
import { fixtureAnalysis } from "../helpers/demo-analysis";
import { engineRule, loadTruth, measureOcclusion, occlusionIndex, pct, smallestBoxRule } from "../helpers/occlusion-measure";

// The occlusion measurement of match-occlusion.test.ts on a scene the hidden-cell rule was not tuned on
// (tests/fixtures/occlusion-porch.json, made by make-product-video.mjs): a cat photo crossing a real
// porch photo (a dog, a bicycle, a truck the detector also finds) under a coffee cup and an astronaut
// moving other ways. The detector here is weaker than on product_demo — the cup is read as cup, bowl or
// dining table at scores 0.2–0.3 and seldom becomes a track; the cat turns into the porch's real dog —
// so the absolute shares are worse; what is asserted is that the hidden cells keep their effect.

const VIDEO = "tests/fixtures/occlusion_porch.mp4";
const truth = loadTruth(`${VIDEO}.truth.json`);

describe("occlusion-aware matching on an unseen scene (occlusion_porch, real detections at 5 fps)", () => {
  let analysis: AnalysisResult;
  beforeAll(async () => {
    analysis = await fixtureAnalysis(VIDEO, 5);
  }, 600_000);

  it("hidden cells cut the clicks on a covered part that answer the hidden object by 40 % or more, and cost front and visible clicks ≤ 2 points", () => {
    const rows = [15, 16, 17].map((seed) => ({
      now: measureOcclusion(truth, occlusionIndex(truth, analysis, true), engineRule, seed),
      noCells: measureOcclusion(truth, occlusionIndex(truth, analysis, true, false), engineRule, seed),
      before: measureOcclusion(truth, occlusionIndex(truth, analysis, false), smallestBoxRule, seed),
    }));
    for (const [i, { now, noCells, before }] of rows.entries()) {
      console.log(
        `[occlusion porch] seed ${15 + i}: hidden object answered ${now.hiddenAnswered}/${now.hiddenClicks} (${pct(now.hiddenShare)}; without hidden cells ${pct(noCells.hiddenShare)}; ` +
          `smallest-box rule ${pct(before.hiddenShare)}), front ${pct(now.frontShare)} (without cells ${pct(noCells.frontShare)}), visible parts ${pct(now.visibleShare)} (without cells ${pct(noCells.visibleShare)})`,
      );
      expect(now.hiddenClicks).toBeGreaterThan(200);
      expect(now.hiddenShare).toBeLessThanOrEqual(noCells.hiddenShare * 0.6);
      expect(now.frontShare).toBeGreaterThanOrEqual(noCells.frontShare - 0.02);
      expect(now.visibleShare).toBeGreaterThanOrEqual(noCells.visibleShare - 0.02);
    }
    const mean = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0) / rows.length;
    console.log(`[occlusion porch] mean hidden ${pct(mean((r) => r.now.hiddenShare))} vs ${pct(mean((r) => r.noCells.hiddenShare))} without cells`);
  });
});
