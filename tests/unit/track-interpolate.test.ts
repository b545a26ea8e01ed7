import { describe, expect, it } from "vitest";
import { boxAt, type TimedBox } from "@/lib/track/interpolate";

const boxes: TimedBox[] = [
  { ptsMs: 100, box: [0, 0, 10, 10] },
  { ptsMs: 200, box: [10, 20, 30, 40] },
  { ptsMs: 500, box: [40, 20, 30, 10] },
];

describe("boxAt", () => {
  it("returns the analysed box exactly on its pts", () => {
    expect(boxAt(boxes, 100)).toEqual([0, 0, 10, 10]);
    expect(boxAt(boxes, 200)).toEqual([10, 20, 30, 40]);
    expect(boxAt(boxes, 500)).toEqual([40, 20, 30, 10]);
  });

  it("interpolates linearly between analysed frames (VFR gaps)", () => {
    expect(boxAt(boxes, 150)).toEqual([5, 10, 20, 25]);
    expect(boxAt(boxes, 300)).toEqual([20, 20, 30, 30]);
  });

  it("is null outside [first, last] and for an empty track", () => {
    expect(boxAt(boxes, 99.9)).toBeNull();
    expect(boxAt(boxes, 500.1)).toBeNull();
    expect(boxAt([], 0)).toBeNull();
    expect(boxAt(boxes, Number.NaN)).toBeNull();
    expect(boxAt([{ ptsMs: 5, box: [1, 2, 3, 4] }], 5)).toEqual([1, 2, 3, 4]);
  });

  it("holds the last box for holdMs after the last analysed frame (exclusive), never before the first", () => {
    expect(boxAt(boxes, 600, 200)).toEqual([40, 20, 30, 10]);
    expect(boxAt(boxes, 699.9, 200)).toEqual([40, 20, 30, 10]);
    expect(boxAt(boxes, 700, 200)).toBeNull();
    expect(boxAt(boxes, 99.9, 200)).toBeNull();
  });

  it("does not hand out the stored array", () => {
    const b = boxAt(boxes, 100);
    b?.fill(9);
    expect(boxes[0]?.box).toEqual([0, 0, 10, 10]);
  });

  it("answers a million look-ups on a 10 000-box track quickly (binary search)", () => {
    const long: TimedBox[] = Array.from({ length: 10_000 }, (_, i) => ({ ptsMs: i * 33.3667, box: [i, i, 10, 10] }));
    const t0 = performance.now();
    let sum = 0;
    for (let k = 0; k < 1_000_000; k++) sum += boxAt(long, (k * 0.3337) % 333_000)?.[0] ?? 0;
    const ms = performance.now() - t0;
    expect(sum).toBeGreaterThan(0);
    expect(ms).toBeLessThan(2000);
  });
});
