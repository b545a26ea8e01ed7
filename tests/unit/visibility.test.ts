import { describe, expect, it } from "vitest";
import type { Box } from "@/lib/geometry/box";
import { errorMap } from "@/lib/track/motion-evidence";
import { cellHidden, hiddenCells, toGray, VIS_GRID, VisibilityPass } from "@/lib/track/visibility";

// Synthetic pictures with known layers: a textured static background, an object moving right, and
// (optionally) an occluder moving down over the object's right half. Hidden cells must follow the layers.

const W = 320;
const H = 240;
function noise(seed: number): (x: number, y: number) => number {
  return (x, y) => {
    let h = (x * 374761393 + y * 668265263 + seed * 982451653) | 0;
    h = Math.imul(h ^ (h >>> 13), 1274126177);
    return ((h ^ (h >>> 16)) >>> 0) % 200 + 28;
  };
}
// Blocky textures (4×4 px blocks) so 3×3 windows see structure.
const tex = (seed: number) => { const n = noise(seed); return (x: number, y: number) => n(Math.floor(x / 4), Math.floor(y / 4)); };

interface Layer { box: Box; dx: number; dy: number; pattern: (x: number, y: number) => number }
function picture(t: number, layers: Layer[], flat = false): Uint8Array {
  const bg = tex(1);
  const rgb = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let v = flat ? 128 : bg(x, y);
      for (const l of layers) {
        const lx = x - (l.box[0] + l.dx * t);
        const ly = y - (l.box[1] + l.dy * t);
        if (lx >= 0 && ly >= 0 && lx < l.box[2] && ly < l.box[3]) v = flat ? 128 : l.pattern(lx, ly);
      }
      rgb.set([v, v, v], (y * W + x) * 3);
    }
  }
  return rgb;
}
const at = (l: Layer, t: number): Box => [l.box[0] + l.dx * t, l.box[1] + l.dy * t, l.box[2], l.box[3]];
const object: Layer = { box: [80, 60, 96, 96], dx: 6, dy: 0, pattern: tex(2) };
const occluder: Layer = { box: [136, 30, 80, 80], dx: 0, dy: 4, pattern: tex(3) };

/** Share of the object's inner cells (centres) hidden, on the left and right of x = split. */
function shares(mask: string | undefined, box: Box, split: number): { left: number; right: number } {
  let l = 0, ln = 0, r = 0, rn = 0;
  for (let cy = 0; cy < VIS_GRID; cy++) {
    for (let cx = 0; cx < VIS_GRID; cx++) {
      const x = box[0] + ((cx + 0.5) / VIS_GRID) * box[2];
      const y = box[1] + ((cy + 0.5) / VIS_GRID) * box[3];
      const hid = cellHidden(mask, box, x, y) ? 1 : 0;
      if (x < split - 4) { l += hid; ln++; } else if (x > split + 4) { r += hid; rn++; }
    }
  }
  return { left: ln ? l / ln : 0, right: rn ? r / rn : 0 };
}

describe("hidden cells from motion (lib/track/visibility)", () => {
  it("an object moving alone over a textured background has no hidden cell inside its box; the ring around it shows the background", () => {
    const prev = toGray(picture(0, [object]), W, H);
    const cur = toGray(picture(1, [object]), W, H);
    const box = at(object, 1);
    const mask = hiddenCells(prev, cur, [{ trackId: 1, box, prevBox: at(object, 0) }]).get(1);
    expect(shares(mask, box, box[0] + box[2] / 2)).toEqual({ left: 0, right: 0 });
    // Just outside the box (in the ring of cells) the picture is the still background: hidden for this object.
    expect(cellHidden(mask, box, box[0] - 3, box[1] + box[3] / 2)).toBe(true);
    expect(cellHidden(mask, box, box[0] + box[2] + 3, box[1] + box[3] / 2)).toBe(true);
  });

  it("where an occluder moving another way covers the object, its cells are hidden; the rest stays visible", () => {
    const prev = toGray(picture(0, [object, occluder]), W, H);
    const cur = toGray(picture(1, [object, occluder]), W, H);
    const box = at(object, 1);
    const occ = at(occluder, 1);
    const masks = hiddenCells(prev, cur, [
      { trackId: 1, box, prevBox: at(object, 0) },
      { trackId: 2, box: occ, prevBox: at(occluder, 0) },
    ]);
    // The occluder covers the object from x = 136 on, rows 34–114 of 60–156: test rows inside it.
    const mask = masks.get(1);
    let covered = 0, coveredHidden = 0, clear = 0, clearHidden = 0;
    for (let cy = 0; cy < VIS_GRID; cy++) {
      for (let cx = 0; cx < VIS_GRID; cx++) {
        const x = box[0] + ((cx + 0.5) / VIS_GRID) * box[2];
        const y = box[1] + ((cy + 0.5) / VIS_GRID) * box[3];
        const inOcc = x > occ[0] + 4 && x < occ[0] + occ[2] - 4 && y > occ[1] + 4 && y < occ[1] + occ[3] - 4;
        const outOcc = x < occ[0] - 4 || y > occ[1] + occ[3] + 4;
        const hid = cellHidden(mask, box, x, y);
        if (inOcc) { covered++; if (hid) coveredHidden++; }
        if (outOcc) { clear++; if (hid) clearHidden++; }
      }
    }
    expect(covered).toBeGreaterThan(20);
    expect(coveredHidden / covered).toBeGreaterThanOrEqual(0.9);
    expect(clearHidden / clear).toBeLessThanOrEqual(0.05);
    // The occluder itself, in front, keeps its own cells.
    expect(shares(masks.get(2), occ, occ[0] + occ[2] / 2)).toEqual({ left: 0, right: 0 });
  });

  it("an occluder the detector saw but no track holds is a rival too (through the pass's detections)", () => {
    const frames = [0, 1].map((t) => toGray(picture(t, [object, occluder]), W, H));
    const box = at(object, 1);
    const occ = at(occluder, 1);
    const inside = (mask: string | undefined) => cellHidden(mask, box, occ[0] + 20, box[1] + 20);
    // The occluder's motion (down) is unknown without its box: only the still background competes there.
    const alone = new VisibilityPass();
    alone.frame(frames[0]!, 0, [{ trackId: 1, box: at(object, 0) }]);
    alone.frame(frames[1]!, 1, [{ trackId: 1, box }]);
    expect(inside(alone.maskOf(1, 1))).toBe(false);
    // Given as an untracked detection, it hides the object's cells under it; the tracked object itself
    // is not counted again as a rival (its own detection is skipped by IoU).
    const seen = new VisibilityPass();
    seen.frame(frames[0]!, 0, [{ trackId: 1, box: at(object, 0) }], [at(object, 0), at(occluder, 0)]);
    seen.frame(frames[1]!, 1, [{ trackId: 1, box }], [box, occ]);
    expect(inside(seen.maskOf(1, 1))).toBe(true);
    expect(shares(seen.maskOf(1, 1), box, occ[0]).left).toBe(0);
  });

  it("a flat picture gives no evidence: nothing is marked", () => {
    const prev = toGray(picture(0, [object, occluder], true), W, H);
    const cur = toGray(picture(1, [object, occluder], true), W, H);
    expect(hiddenCells(prev, cur, [{ trackId: 1, box: at(object, 1), prevBox: at(object, 0) }, { trackId: 2, box: at(occluder, 1), prevBox: at(occluder, 0) }]).size).toBe(0);
  });

  it("the pass keys masks by track and analysed frame, skips bridged boxes and frames without a picture", () => {
    const pass = new VisibilityPass();
    const frames = [0, 1, 2].map((t) => toGray(picture(t, [object, occluder]), W, H));
    pass.frame(frames[0]!, 0, [{ trackId: 1, box: at(object, 0) }, { trackId: 2, box: at(occluder, 0) }]);
    pass.frame(frames[1]!, 5, [{ trackId: 1, box: at(object, 1) }, { trackId: 2, box: at(occluder, 1), observed: false }]);
    expect(pass.maskOf(1, 0)).toBeUndefined();
    expect(pass.maskOf(1, 5)).toBeDefined();
    expect(pass.maskOf(2, 5)).toBeUndefined();
    pass.frame(null, 9, [{ trackId: 1, box: at(object, 2) }]);
    pass.frame(frames[2]!, 10, [{ trackId: 1, box: at(object, 2) }]);
    expect(pass.maskOf(1, 10)).toBeUndefined();
  });
});

describe("errorMap", () => {
  it("is the 3×3 mean of |cur − prev shifted| with both pictures clamped at their edges, also for areas touching the edges", () => {
    const n = noise(7);
    const gray = (seed: number) => ({ width: 37, height: 23, scale: 1, data: Uint8Array.from({ length: 37 * 23 }, (_, i) => n(i % 37, Math.floor(i / 37) + seed)) });
    const prev = gray(0);
    const cur = gray(5);
    const clamp = (v: number, hi: number) => Math.min(hi, Math.max(0, v));
    for (const [area, d] of [
      [{ x0: 0, y0: 0, x1: 37, y1: 23 }, [3, -2]],
      [{ x0: 5, y0: 4, x1: 20, y1: 11 }, [-6, 4]],
      [{ x0: 30, y0: 15, x1: 37, y1: 23 }, [0, 0]],
    ] as const) {
      const map = errorMap(prev, cur, area, d);
      for (let y = area.y0; y < area.y1; y++) {
        for (let x = area.x0; x < area.x1; x++) {
          let s = 0;
          for (let j = -1; j <= 1; j++) {
            for (let i = -1; i <= 1; i++) {
              const cx = clamp(x + i, 36);
              const cy = clamp(y + j, 22);
              s += Math.abs(cur.data[cy * 37 + cx]! - prev.data[clamp(cy - d[1], 22) * 37 + clamp(cx - d[0], 36)]!);
            }
          }
          expect(map[(y - area.y0) * (area.x1 - area.x0) + (x - area.x0)]).toBeCloseTo(s / 9, 4);
        }
      }
    }
  });
});
