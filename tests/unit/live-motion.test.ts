import { describe, expect, it } from "vitest";
import { blockLevels, MotionGate } from "@/lib/live/motion";
import { cropRgb, mergeRegion, planDetection } from "@/lib/live/regions";
import type { Detection } from "@/lib/detect/types";

// Motion gate and detector regions on synthetic frames: a textured still background, a block that moves.

const W = 320;
const H = 240;

function scene(objX: number | null, noise = 0, seed = 1): Uint8Array {
  const d = new Uint8Array(W * H * 3);
  let s = seed;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      s = (s * 1103515245 + 12345) >>> 0;
      const n = noise ? ((s >>> 16) % (2 * noise + 1)) - noise : 0;
      const base = ((x >> 4) + (y >> 4)) % 2 ? 170 : 60;
      const inObj = objX !== null && x >= objX && x < objX + 30 && y >= 100 && y < 160;
      const v = Math.max(0, Math.min(255, (inObj ? 250 : base) + n));
      d.set([v, v, v], (y * W + x) * 3);
    }
  }
  return d;
}

const det = (box: [number, number, number, number], label = "person"): Detection => ({ label, classId: 0, score: 0.5, box });

describe("motion gate (frame differencing on block means)", () => {
  it("block levels are the mean grey of each block", () => {
    const d = new Uint8Array(16 * 8 * 3).fill(100);
    const l = blockLevels(d, 16, 8, 8);
    expect(l.length).toBe(2);
    expect(l[0]).toBeCloseTo(100, 3);
  });

  it("sees everything on the first frame, nothing in a still scene with sensor noise, and the moving object's box", () => {
    const g = new MotionGate();
    const a = g.measure(scene(40, 6, 1), W, H);
    expect(a.motion.box).toEqual([0, 0, W, H]);
    g.accept(a.levels, W, H);
    // Same scene, new noise (±6 levels per pixel): averaged away in 8×8 blocks.
    const still = g.measure(scene(40, 6, 2), W, H);
    expect(still.motion.box).toBeNull();
    const moved = g.measure(scene(100, 6, 3), W, H);
    const box = moved.motion.box;
    expect(box).not.toBeNull();
    // Old position (40–70) and new one (100–130) both changed; nothing outside rows 96–160.
    expect(box?.[0]).toBeLessThanOrEqual(40);
    expect((box?.[0] ?? 0) + (box?.[2] ?? 0)).toBeGreaterThanOrEqual(130);
    expect(box?.[1]).toBeGreaterThanOrEqual(96);
    expect((box?.[1] ?? 0) + (box?.[3] ?? 0)).toBeLessThanOrEqual(168);
  });

  it("compares with the last accepted frame (the last one the detector saw), not the last measured", () => {
    const g = new MotionGate();
    g.accept(g.measure(scene(40), W, H).levels, W, H);
    expect(g.measure(scene(100), W, H).motion.box).not.toBeNull();
    // Not accepted: the object is still away from where the detector last saw it.
    const again = g.measure(scene(100), W, H);
    expect(again.motion.box).not.toBeNull();
    g.accept(again.levels, W, H);
    expect(g.measure(scene(100), W, H).motion.box).toBeNull();
  });
});

describe("detector regions", () => {
  it("skips without motion, crops around it, grows over known objects it touches, goes whole when large", () => {
    expect(planDetection(null, [], W, H)).toEqual({ kind: "skip" });
    const p = planDetection([100, 100, 20, 20], [], W, H);
    expect(p.kind).toBe("region");
    if (p.kind !== "region") return;
    const [x, y, w, h] = p.box;
    expect(x).toBeLessThanOrEqual(100);
    expect(x + w).toBeGreaterThanOrEqual(120);
    expect(Math.min(w, h)).toBeGreaterThanOrEqual(0.5 * H - 1);
    expect(x >= 0 && y >= 0 && x + w <= W && y + h <= H).toBe(true);
    // A known object the moving area touches is taken in whole.
    const grown = planDetection([100, 100, 20, 20], [{ box: [110, 20, 40, 200] }], W, H);
    if (grown.kind === "region") expect(grown.box[1]).toBeLessThanOrEqual(20);
    else expect(grown.kind).toBe("full");
    expect(planDetection([0, 0, 300, 200], [], W, H)).toEqual({ kind: "full" });
  });

  it("crops RGB rows exactly", () => {
    const d = scene(40);
    const c = cropRgb(d, W, [40, 100, 30, 60]);
    expect(c.width).toBe(30);
    expect(c.height).toBe(60);
    expect([...c.data.subarray(0, 3)]).toEqual([250, 250, 250]);
    expect(c.data.length).toBe(30 * 60 * 3);
  });

  it("merges: region boxes into frame pixels, known objects outside kept, cut boxes replaced by the known whole", () => {
    const region: [number, number, number, number] = [100, 50, 120, 120];
    const known = [det([10, 10, 30, 60]), det([150, 80, 20, 40]), det([90, 60, 40, 50], "dog")];
    const found = [det([40, 20, 25, 50]), det([0, 10, 30, 50], "dog")];
    const merged = mergeRegion(found, region, known, W, H);
    // The region's whole detection, moved into frame pixels.
    expect(merged).toContainEqual(expect.objectContaining({ box: [140, 70, 25, 50] }));
    // Outside the region: kept as it was.
    expect(merged).toContainEqual(expect.objectContaining({ box: [10, 10, 30, 60] }));
    // Inside the region and not seen again: it moved or left (not carried).
    expect(merged.some((d) => d.box[0] === 150)).toBe(false);
    // The dog is cut at the region's left edge in the crop: its known whole box is kept instead.
    expect(merged.filter((d) => d.label === "dog").map((d) => d.box)).toEqual([[90, 60, 40, 50]]);
  });
});
