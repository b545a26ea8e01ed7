import { describe, expect, it } from "vitest";
import { classifyTrack, type ActionSpan } from "@/lib/people/classify";
import type { PoseSample } from "@/lib/people/features";
import { posture, rng, rotate, sample, TORSO_PX, vfrTimes, type Posture } from "../helpers/skeleton";

// Known motion, VFR timing: each segment must come out as the action its motion defines.

/** A person in `p` posture moving at `speed` torsos/s to the right, for [from, to] ms. */
function segment(p: Posture, speed: number, from: number, to: number, x0 = 100, seed = 7): PoseSample[] {
  const r = rng(seed);
  return vfrTimes(from, to, seed).map((t) => sample(t, posture(p), x0 + (speed * TORSO_PX * (t - from)) / 1000, 300, r));
}

/** The action that covers most of the time between `from` and `to`. */
function dominant(spans: ActionSpan[], from: number, to: number): string {
  const time = new Map<string, number>();
  for (const s of spans) {
    const d = Math.min(s.endMs, to) - Math.max(s.startMs, from);
    if (d > 0) time.set(s.action, (time.get(s.action) ?? 0) + d);
  }
  return [...time].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "none";
}

describe("action classifier on synthetic keypoints (VFR pts)", () => {
  it("standing: still person, 1 px keypoint noise", () => {
    const spans = classifyTrack(segment("stand", 0, 0, 4000));
    expect(spans.map((s) => s.action)).toEqual(["standing"]);
    expect(spans[0]?.confidence).toBeGreaterThan(0.5);
  });

  it("walking: 2.5 torso lengths per second", () => {
    expect(classifyTrack(segment("stand", 2.5, 0, 4000)).map((s) => s.action)).toEqual(["walking"]);
  });

  it("running: 7 torso lengths per second", () => {
    expect(classifyTrack(segment("stand", 7, 0, 4000)).map((s) => s.action)).toEqual(["running"]);
  });

  it("sitting: thighs level, not moving", () => {
    expect(classifyTrack(segment("sit", 0, 0, 4000)).map((s) => s.action)).toEqual(["sitting"]);
  });

  it("raising a hand: a wrist above the head while standing", () => {
    expect(classifyTrack(segment("hand", 0, 0, 4000)).map((s) => s.action)).toEqual(["raising_hand"]);
  });

  it("falling: upright, tipping over 600 ms about the feet, then lying", () => {
    const r = rng(3);
    const feet: [number, number] = [0, 100];
    const times = vfrTimes(0, 4000, 3, 40, 200);
    const samples = times.map((t) => {
      const deg = t < 1500 ? 0 : t < 2100 ? ((t - 1500) / 600) * 90 : 90;
      return sample(t, rotate(posture("stand"), feet, deg), 200, 300, r);
    });
    const spans = classifyTrack(samples);
    expect(spans.map((s) => s.action)).toEqual(["standing", "falling"]);
    const fall = spans[1] as ActionSpan;
    expect(fall.startMs).toBeGreaterThan(1400);
    expect(fall.startMs).toBeLessThan(2100);
  });

  it("walking towards the camera: hips stay put, legs swing (gait), so walking, not standing", () => {
    const r = rng(21);
    const samples = vfrTimes(0, 4000, 21).map((t) => {
      const pts = posture("stand");
      const swing = 25 * Math.sin((2 * Math.PI * t) / 1000);
      pts[15] = [-10 + swing, 100];
      pts[16] = [10 - swing, 100];
      return sample(t, pts, 300, 300, r);
    });
    expect(classifyTrack(samples).map((s) => s.action)).toEqual(["walking"]);
  });

  it("a person who walks, stops, then runs: three spans at the right times", () => {
    const walk = segment("stand", 2.5, 0, 3000, 100, 11);
    const last = walk[walk.length - 1] as PoseSample;
    const x1 = 100 + 2.5 * TORSO_PX * 3;
    const stand = segment("stand", 0, 3000, 6000, x1, 12).filter((s) => s.ptsMs > last.ptsMs);
    const run = segment("stand", 7, 6000, 9000, x1, 13).filter((s) => s.ptsMs > 6000);
    const spans = classifyTrack([...walk, ...stand, ...run]);
    console.log(spans.map((s) => `${s.action} ${Math.round(s.startMs)}–${Math.round(s.endMs)} ms (${s.confidence})`).join("; "));
    expect(dominant(spans, 0, 2500)).toBe("walking");
    expect(dominant(spans, 3700, 5500)).toBe("standing");
    expect(dominant(spans, 6700, 9000)).toBe("running");
  });

  it("the same motion at 30 fps and at uneven VFR gives the same speed class", () => {
    const r = rng(5);
    const cfr = Array.from({ length: 121 }, (_, i) => sample((i * 1000) / 30, posture("stand"), 100 + 2.5 * TORSO_PX * (i / 30), 300, r));
    expect(classifyTrack(cfr).map((s) => s.action)).toEqual(["walking"]);
    // Frame rate halves and doubles within the clip: still walking everywhere.
    const mixed = [...vfrTimes(0, 2000, 9, 30, 40), ...vfrTimes(2050, 4000, 9, 200, 400)];
    const spans = classifyTrack(mixed.map((t) => sample(t, posture("stand"), 100 + (2.5 * TORSO_PX * t) / 1000, 300, r)));
    expect(spans.map((s) => s.action)).toEqual(["walking"]);
  });
});
