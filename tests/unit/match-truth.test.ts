import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { buildVideoIndex, matchClick, type MatchBoxInput, type MatchTrackInput } from "@/lib/match/engine";

// product_demo.mp4's exact boxes (VFR: irregular drops and a 0.4 s gap) as if an analysis had found
// them on every frame, or only on every 3rd / 5th frame (boxes interpolated in between).
type TruthBox = { id: string; x: number; y: number; w: number; h: number };
type Truth = { width: number; height: number; objects: { id: string; label: string }[]; frames: { index: number; ptsMs: number; boxes: TruthBox[] }[] };
const truth = JSON.parse(fs.readFileSync("tests/fixtures/product_demo.mp4.truth.json", "utf8")) as Truth;

function indexEvery(step: number) {
  const tracks: (MatchTrackInput & { boxes: MatchBoxInput[] })[] = truth.objects.map((o, k) => ({ trackId: k + 1, label: o.id, boxes: [] }));
  truth.frames.forEach((f, i) => {
    if (i % step !== 0 && i !== truth.frames.length - 1) return;
    for (const b of f.boxes) tracks[truth.objects.findIndex((o) => o.id === b.id)]?.boxes.push({ frameIndex: f.index, ptsMs: f.ptsMs, x: b.x, y: b.y, w: b.w, h: b.h });
  });
  return buildVideoIndex({ timeline: truth.frames.map((f) => f.ptsMs), tracks, width: truth.width, height: truth.height });
}

describe("matching on product_demo's truth", () => {
  for (const step of [1, 3, 5]) {
    it(`analysed every ${step === 1 ? "" : `${step}th `}frame: box-centre clicks find their object, background clicks find nothing`, () => {
      const index = indexEvery(step);
      let seed = 11;
      const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      const lastMs = truth.frames[truth.frames.length - 1]!.ptsMs;
      let hit = 0;
      let objects = 0;
      let empty = 0;
      let background = 0;
      for (let i = 0; i < 100; i++) {
        const t = (rnd() * lastMs) / 1000;
        const frameIndex = matchClick(index, { x: 0, y: 0, timestampS: t }).frameIndex;
        const frame = truth.frames[frameIndex ?? -1];
        expect(frame).toBeDefined();
        // The frame on screen: the last with ptsMs ≤ t.
        expect(frame!.ptsMs).toBeLessThanOrEqual(t * 1000 + 1e-6);
        for (const b of frame!.boxes) {
          objects++;
          if (matchClick(index, { x: b.x + b.w / 2, y: b.y + b.h / 2, timestampS: t }).match?.label === b.id) hit++;
        }
        for (let k = 0; k < 50; k++) {
          const x = rnd() * truth.width;
          const y = rnd() * truth.height;
          if (frame!.boxes.some((b) => x > b.x - 20 && x < b.x + b.w + 20 && y > b.y - 20 && y < b.y + b.h + 20)) continue;
          background++;
          if (!matchClick(index, { x, y, timestampS: t }).match) empty++;
          break;
        }
      }
      console.log(`[match truth, every ${step}] object clicks right ${hit}/${objects} (${((100 * hit) / objects).toFixed(1)}%), background clicks empty ${empty}/${background}`);
      // Misses are centres that fall inside a smaller overlapping box (the nested rule picks it).
      expect(hit / objects).toBeGreaterThanOrEqual(0.9);
      expect(empty).toBe(background);
    });
  }
});
