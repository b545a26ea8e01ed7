import type { Box } from "@/lib/geometry/box";

// Motion evidence for lib/track/visibility.ts: grey pictures, the displacement that explains a box
// between two analysed frames, and which motion explains each pixel.

/** A picture in grey levels at a working width, and how many working px make one video px. */
export interface GrayFrame {
  width: number;
  height: number;
  data: Uint8Array;
  scale: number;
}

/** Working width of the motion evidence (video px are scaled to this). */
export const VIS_WIDTH = 640;

/** RGB24 → grey at about `targetWidth` px wide (area average). */
export function toGray(rgb: ArrayLike<number>, width: number, height: number, targetWidth = VIS_WIDTH): GrayFrame {
  const f = Math.max(1, Math.round(width / targetWidth));
  const w = Math.floor(width / f);
  const h = Math.floor(height / f);
  const out = new Uint8Array(w * h);
  const n = f * f;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let dy = 0; dy < f; dy++) {
        let i = ((y * f + dy) * width + x * f) * 3;
        for (let dx = 0; dx < f; dx++, i += 3) s += 0.299 * (rgb[i] as number) + 0.587 * (rgb[i + 1] as number) + 0.114 * (rgb[i + 2] as number);
      }
      out[y * w + x] = Math.round(s / n);
    }
  }
  return { width: w, height: h, data: out, scale: 1 / f };
}

export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export const toRect = (g: GrayFrame, b: Box): Rect => ({
  x0: Math.max(0, Math.floor(b[0] * g.scale)),
  y0: Math.max(0, Math.floor(b[1] * g.scale)),
  x1: Math.min(g.width, Math.ceil((b[0] + b[2]) * g.scale)),
  y1: Math.min(g.height, Math.ceil((b[1] + b[3]) * g.scale)),
});

/** Mean |cur(p) − prev(p − d)| over the rect (every `step`-th pixel), prev clamped at its edges. */
function sad(prev: GrayFrame, cur: GrayFrame, r: Rect, dx: number, dy: number, step = 1): number {
  let s = 0;
  let n = 0;
  const W = prev.width - 1;
  const H = prev.height - 1;
  for (let y = r.y0; y < r.y1; y += step) {
    const py = Math.min(H, Math.max(0, y - dy)) * prev.width;
    const row = y * cur.width;
    for (let x = r.x0; x < r.x1; x += step) {
      const px = Math.min(W, Math.max(0, x - dx));
      s += Math.abs((cur.data[row + x] as number) - (prev.data[py + px] as number));
      n++;
    }
  }
  return n > 0 ? s / n : Infinity;
}

/** The object's motion prev → cur in working px: the displacement that best explains its whole box, searched around the box's own shift. */
export function objectMotion(prev: GrayFrame, cur: GrayFrame, boxPrev: Box | undefined, boxCur: Box, radius = 16): [number, number] {
  const r = toRect(cur, boxCur);
  if (r.x1 - r.x0 < 4 || r.y1 - r.y0 < 4) return [0, 0];
  const cx = boxPrev ? Math.round((boxCur[0] + boxCur[2] / 2 - boxPrev[0] - boxPrev[2] / 2) * cur.scale) : 0;
  const cy = boxPrev ? Math.round((boxCur[1] + boxCur[3] / 2 - boxPrev[1] - boxPrev[3] / 2) * cur.scale) : 0;
  const step = (r.x1 - r.x0) * (r.y1 - r.y0) > 4000 ? 2 : 1;
  let best: [number, number] = [cx, cy];
  let bestS = Infinity;
  const consider = (dx: number, dy: number, st: number) => {
    const s = sad(prev, cur, r, dx, dy, st);
    if (s < bestS - 1e-9 || (Math.abs(s - bestS) <= 1e-9 && Math.hypot(dx - cx, dy - cy) < Math.hypot(best[0] - cx, best[1] - cy))) {
      bestS = s;
      best = [dx, dy];
    }
  };
  // Every second displacement around the box's own shift and around standing still, then the best one's neighbours.
  for (const [ox, oy] of [[cx, cy], [0, 0]] as const) {
    for (let dy = oy - radius; dy <= oy + radius; dy += 2) for (let dx = ox - radius; dx <= ox + radius; dx += 2) consider(dx, dy, 2 * step);
  }
  const [bx, by] = best;
  bestS = Infinity;
  for (let dy = by - 1; dy <= by + 1; dy++) for (let dx = bx - 1; dx <= bx + 1; dx++) consider(dx, dy, step);
  return best;
}

export const OWN = 1;
export const RIVAL = 2;

/**
 * Each pixel of the area votes for the motion that explains it (3×3 mean error): the object's own (OWN)
 * or the best rival's (RIVAL), when one is at most `ratio` of the other and `minGain` grey levels lower;
 * flat pixels, which every motion explains, stay 0.
 */
export function motionLabels(prev: GrayFrame, cur: GrayFrame, area: Rect, own: readonly [number, number], rivals: readonly (readonly [number, number])[], ratio: number, minGain: number): Uint8Array {
  const labels = new Uint8Array((area.x1 - area.x0) * (area.y1 - area.y0));
  const eo = errorMap(prev, cur, area, own);
  let er: Float32Array | null = null;
  for (const d of rivals) {
    const m = errorMap(prev, cur, area, d);
    if (!er) er = m;
    else for (let i = 0; i < m.length; i++) if ((m[i] as number) < (er[i] as number)) er[i] = m[i] as number;
  }
  if (!er) return labels;
  for (let i = 0; i < labels.length; i++) {
    const o = eo[i] as number;
    const r = er[i] as number;
    if (r <= ratio * o && o - r >= minGain) labels[i] = RIVAL;
    else if (o <= ratio * r && r - o >= minGain) labels[i] = OWN;
  }
  return labels;
}

/**
 * For each pixel of the area, the mean |cur − prev shifted by d| over its 3×3 neighbourhood (cur clamped
 * at the picture's edges, prev at its own): one difference picture one pixel wider all round, summed
 * by rows and then by columns.
 */
export function errorMap(prev: GrayFrame, cur: GrayFrame, area: Rect, d: readonly [number, number]): Float32Array {
  const aw = area.x1 - area.x0;
  const ah = area.y1 - area.y0;
  const pw = aw + 2;
  const ph = ah + 2;
  const W = cur.width - 1;
  const H = cur.height - 1;
  const diff = new Float32Array(pw * ph);
  for (let v = 0; v < ph; v++) {
    const cy = Math.min(H, Math.max(0, area.y0 - 1 + v));
    const py = Math.min(H, Math.max(0, cy - d[1]));
    for (let u = 0; u < pw; u++) {
      const cx = Math.min(W, Math.max(0, area.x0 - 1 + u));
      const px = Math.min(W, Math.max(0, cx - d[0]));
      diff[v * pw + u] = Math.abs((cur.data[cy * cur.width + cx] as number) - (prev.data[py * prev.width + px] as number));
    }
  }
  const rows = new Float32Array(aw * ph);
  for (let v = 0; v < ph; v++) {
    for (let x = 0; x < aw; x++) {
      const i = v * pw + x;
      rows[v * aw + x] = (diff[i] as number) + (diff[i + 1] as number) + (diff[i + 2] as number);
    }
  }
  const out = new Float32Array(aw * ah);
  for (let y = 0; y < ah; y++) {
    for (let x = 0; x < aw; x++) {
      out[y * aw + x] = ((rows[y * aw + x] as number) + (rows[(y + 1) * aw + x] as number) + (rows[(y + 2) * aw + x] as number)) / 9;
    }
  }
  return out;
}
