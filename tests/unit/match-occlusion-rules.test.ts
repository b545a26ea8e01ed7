import { describe, expect, it } from "vitest";
import { buildVideoIndex, matchClick, type MatchBoxInput } from "@/lib/match/engine";
import { depthOrder, inFront } from "@/lib/match/occlusion";

// Five analysed frames, 200 ms apart; a small object (track 1) passes under a big one (track 2).
const at = (i: number, x: number, y: number, w: number, h: number, observed = true): MatchBoxInput => ({ frameIndex: i, ptsMs: i * 200, x, y, w, h, observed });
const timeline = [0, 200, 400, 600, 800];

describe("occlusion rules (docs/matching.md)", () => {
  const front = { trackId: 2, label: "person", boxes: timeline.map((_, i) => at(i, 100, 100, 200, 200)) };
  // Seen at 0 and 800 ms, bridged while under the person.
  const back = { trackId: 1, label: "dog", boxes: [at(0, 40, 150, 80, 80), at(1, 80, 150, 80, 80, false), at(2, 120, 150, 80, 80, false), at(3, 160, 150, 80, 80, false), at(4, 200, 150, 80, 80)] };
  const index = buildVideoIndex({ timeline, tracks: [back, front], width: 640, height: 360 });

  it("a bridged box loses to an observed one where they overlap, though it is smaller", () => {
    expect(matchClick(index, { x: 150, y: 180, timestampS: 0.4 }).match?.trackId).toBe(2);
  });

  it("the evidence orders the pair: the one seen while the other went unseen is in front", () => {
    expect(inFront(index.depth, 2, 1)).toBeGreaterThan(0);
    expect(inFront(index.depth, 1, 2)).toBeLessThan(0);
    // At 800 ms both are observed and overlap: the front one wins over the smaller box behind it.
    expect(matchClick(index, { x: 230, y: 180, timestampS: 0.8 }).match?.trackId).toBe(2);
    // Without the evidence the smallest box would have won.
    const noEvidence = buildVideoIndex({ timeline, tracks: [{ ...back, boxes: back.boxes.map((b) => ({ ...b, observed: true })) }, front], width: 640, height: 360 });
    expect(matchClick(noEvidence, { x: 230, y: 180, timestampS: 0.8 }).match?.trackId).toBe(1);
  });

  it("a point only inside a bridged box is 'nothing here', and says whose place it is", () => {
    const alone = buildVideoIndex({ timeline, tracks: [back], width: 640, height: 360 });
    expect(matchClick(alone, { x: 150, y: 180, timestampS: 0.4 })).toEqual({ frameIndex: 2, ptsMs: 400, match: null, hidden: { trackId: 1, label: "dog" } });
    // Where it was observed it answers as before.
    expect(matchClick(alone, { x: 80, y: 180, timestampS: 0 }).match?.trackId).toBe(1);
  });

  it("a box that shrank while the other kept its usual size is behind it", () => {
    const steady = { trackId: 1, boxes: timeline.map((t) => ({ ptsMs: t, box: [100, 100, 100, 100] as [number, number, number, number], observed: true })) };
    const covered = { trackId: 2, boxes: timeline.map((t, i) => ({ ptsMs: t, box: (i === 2 ? [150, 120, 40, 60] : [150, 120, 100, 100]) as [number, number, number, number], observed: true })) };
    const order = depthOrder([steady, covered], 640, 360);
    expect(inFront(order, 1, 2)).toBeGreaterThan(0);
  });
});
