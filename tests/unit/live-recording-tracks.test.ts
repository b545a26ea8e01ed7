import { describe, expect, it } from "vitest";
import { videoFrameOf } from "@/lib/live/recording-tracks";
import type { Timeline } from "@/lib/media/timeline";
import type { JoinedRun } from "@/lib/recordings/join-runs";

// A recording's live frame (run, pts in the run) → the joined video's frame: the run's shift in the
// joined file (join-runs.ts) added to its pts in ticks, looked up in the video's own timeline.

const VIDE = 1;
const run = (n: number, shiftTicks: number): JoinedRun => ({ run: n, segments: [], offsetMs: shiftTicks / 90, shift: new Map([[VIDE, shiftTicks], [2, Math.round((shiftTicks / 90000) * 48000)]]) });

// Run 0: VFR frames from pts 900 (ticks); run 1 starts again near 0 and is shifted to 10 s after run 0's first frame.
const run0 = [900, 3900, 6900, 12_900, 15_900];
const run1 = [450, 3450, 6450];
const SHIFT1 = 900_000 + 900 - 450;
const timeline: Timeline = {
  timescale: 90_000,
  startPts: 900,
  pts: Float64Array.from([...run0, ...run1.map((p) => p + SHIFT1)]),
  frameCount: run0.length + run1.length,
};
const runs = [run(0, 0), run(1, SHIFT1)];
const ms = (ticks: number) => Math.round((ticks / 90) * 1000) / 1000; // the live line's µs-rounded ms

describe("videoFrameOf", () => {
  it("places run 0's frames on themselves and run 1's after its shift, with their exact ms from the first frame", () => {
    run0.forEach((p, i) => expect(videoFrameOf(runs, VIDE, timeline, 0, ms(p))).toEqual({ index: i, ms: ((p - 900) * 1000) / 90_000 }));
    run1.forEach((p, i) => {
      const at = videoFrameOf(runs, VIDE, timeline, 1, ms(p));
      expect(at?.index).toBe(run0.length + i);
      expect(at?.ms).toBeCloseTo(((p + SHIFT1 - 900) * 1000) / 90_000, 9);
    });
  });

  it("tolerates the µs rounding (±1 tick) and nothing more; a run not in the video has no frame", () => {
    expect(videoFrameOf(runs, VIDE, timeline, 0, ms(3901))?.index).toBe(1);
    expect(videoFrameOf(runs, VIDE, timeline, 0, ms(3899))?.index).toBe(1);
    expect(videoFrameOf(runs, VIDE, timeline, 0, ms(3902))).toBeNull();
    expect(videoFrameOf(runs, VIDE, timeline, 0, ms(9900))).toBeNull(); // between frames
    expect(videoFrameOf(runs, VIDE, timeline, 2, ms(900))).toBeNull();
    // Run 1's pts taken as run 0's: no frame there (the shift matters).
    expect(videoFrameOf(runs, VIDE, timeline, 0, ms(3450))).toBeNull();
  });
});
