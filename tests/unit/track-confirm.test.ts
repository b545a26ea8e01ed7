import { describe, expect, it } from "vitest";
import { trackDetections } from "@/lib/detect/analyze";
import type { Box } from "@/lib/geometry/views";
import { CONFIRM_RULES, confirmTrack, finestScale } from "@/lib/track/confirm";
import type { TrackBox } from "@/lib/track/types";

const boxes = (n: number, score: number, box: Box): TrackBox[] => Array.from({ length: n }, (_, i) => ({ frameIndex: i, ptsMs: i * 200, box, score }));
const frame = { width: 640, height: 360 };

describe("track confirmation (lib/track/confirm.ts)", () => {
  it("measures the finest view: a tile of 60% of the long side, letterboxed into 512²", () => {
    expect(finestScale(640, 360)).toBeCloseTo(512 / 384, 3);
    expect(finestScale(768, 576)).toBeCloseTo(512 / 576, 3);
    expect(finestScale(640, 360, { inputSize: 512, tiles: false })).toBeCloseTo(0.8, 3);
  });

  it("confirms a steady, confident, resolvable track and says why it does not confirm the others", () => {
    expect(confirmTrack({ label: "dog", boxes: boxes(10, 0.45, [10, 10, 100, 150]) }, frame)).toMatchObject({ confirmed: true, reasons: [] });
    const flicker = confirmTrack({ label: "dog", boxes: boxes(CONFIRM_RULES.minHits - 1, 0.9, [10, 10, 100, 150]) }, frame);
    expect(flicker.confirmed).toBe(false);
    expect(flicker.reasons.join()).toMatch(/hits/);
    const weak = confirmTrack({ label: "sports ball", boxes: boxes(40, 0.25, [10, 10, 60, 60]) }, frame);
    expect(weak.reasons.join()).toMatch(/mean score 0.25 < 0.3 \(sports ball\)/);
    // 12×12 px at the tile scale 1.33 is 16 px in the model's input: below what it resolves.
    const tiny = confirmTrack({ label: "sports ball", boxes: boxes(40, 0.6, [10, 10, 12, 12]) }, frame);
    expect(tiny).toMatchObject({ confirmed: false, sizePx: 12 });
    expect(tiny.reasons.join()).toMatch(/model's input/);
  });

  it("uses per-class score thresholds (cups score low on this model)", () => {
    expect(confirmTrack({ label: "cup", boxes: boxes(20, 0.27, [10, 10, 80, 100]) }, frame).confirmed).toBe(true);
    expect(confirmTrack({ label: "bicycle", boxes: boxes(20, 0.27, [10, 10, 80, 100]) }, frame).confirmed).toBe(false);
  });

  it("an analysis keeps unconfirmed tracks, marked hidden, with their boxes", () => {
    const det = (score: number, box: Box, label = "dog") => ({ label, classId: 16, score, box });
    const frames = Array.from({ length: 8 }, (_, i) => ({
      index: i,
      ptsMs: i * 200,
      detections: [det(0.6, [100 + i, 100, 120, 160]), det(0.32, [400, 50, 10, 10], "sports ball")],
    }));
    const r = trackDetections(frames, frame);
    expect(r.tracks.map((t) => [t.label, t.hidden ?? false])).toEqual([
      ["dog", false],
      ["sports ball", true],
    ]);
    expect(r.trackBoxes[String(r.tracks[1]?.trackId)]).toHaveLength(8);
    expect(JSON.parse(JSON.stringify(r.tracks[0])) as object).not.toHaveProperty("hidden");
  });
});
