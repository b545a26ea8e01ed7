import { iou, type Box } from "@/lib/geometry/box";
import type { Detection } from "@/lib/detect/types";

/** What the detector does with one frame. */
export type DetectPlan = { kind: "skip" } | { kind: "full" } | { kind: "region"; box: Box };

export interface PlanOptions {
  /** Margin added around the moving area, as a share of the frame's long side. */
  margin?: number;
  /** A region covering more than this share of the frame is analysed whole. */
  maxShare?: number;
  /** A region is at least this share of the frame's short side on each side (the model needs context). */
  minSide?: number;
}

const DEFAULTS: Required<PlanOptions> = { margin: 0.06, maxShare: 0.5, minSide: 0.5 };

const intersects = (a: Box, b: Box): boolean => a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];

/**
 * Where the detector runs: nowhere when nothing moved, else on the moving area grown by a margin and by
 * every known object it touches (so a person walking out of a still group is seen whole), or on the whole
 * frame when that area is most of it.
 */
export function planDetection(motion: Box | null, known: readonly { box: Box }[], width: number, height: number, opts: PlanOptions = {}): DetectPlan {
  if (!motion) return { kind: "skip" };
  const o = { ...DEFAULTS, ...opts };
  const m = o.margin * Math.max(width, height);
  let x0 = motion[0] - m;
  let y0 = motion[1] - m;
  let x1 = motion[0] + motion[2] + m;
  let y1 = motion[1] + motion[3] + m;
  for (let grew = true; grew; ) {
    grew = false;
    for (const k of known) {
      const b = k.box;
      if (!intersects([x0, y0, x1 - x0, y1 - y0], b)) continue;
      const nx0 = Math.min(x0, b[0] - m);
      const ny0 = Math.min(y0, b[1] - m);
      const nx1 = Math.max(x1, b[0] + b[2] + m);
      const ny1 = Math.max(y1, b[1] + b[3] + m);
      if (nx0 < x0 || ny0 < y0 || nx1 > x1 || ny1 > y1) grew = true;
      [x0, y0, x1, y1] = [nx0, ny0, nx1, ny1];
    }
  }
  const side = o.minSide * Math.min(width, height);
  if (x1 - x0 < side) [x0, x1] = [(x0 + x1 - side) / 2, (x0 + x1 + side) / 2];
  if (y1 - y0 < side) [y0, y1] = [(y0 + y1 - side) / 2, (y0 + y1 + side) / 2];
  x0 = Math.max(0, Math.floor(x0));
  y0 = Math.max(0, Math.floor(y0));
  x1 = Math.min(width, Math.ceil(x1));
  y1 = Math.min(height, Math.ceil(y1));
  if ((x1 - x0) * (y1 - y0) > o.maxShare * width * height) return { kind: "full" };
  return { kind: "region", box: [x0, y0, x1 - x0, y1 - y0] };
}

/** The region's pixels as a frame of their own (packed RGB24). */
export function cropRgb(data: Uint8Array, width: number, box: Box): { data: Uint8Array; width: number; height: number } {
  const [x, y, w, h] = box;
  const out = new Uint8Array(w * h * 3);
  for (let r = 0; r < h; r++) out.set(data.subarray(((y + r) * width + x) * 3, ((y + r) * width + x + w) * 3), r * w * 3);
  return { data: out, width: w, height: h };
}

/**
 * A region's detections in frame pixels, plus the last known detections the region did not look at:
 * objects that did not move are still there (a still scene keeps its tracks at no cost). A region's
 * box touching the region's inner edge is an object cut by the crop; its known (whole) box is kept instead.
 */
export function mergeRegion(found: readonly Detection[], region: Box, known: readonly Detection[], width: number, height: number): Detection[] {
  const [rx, ry, rw, rh] = region;
  const margin = 2;
  const moved = found.map((d) => ({ ...d, box: [d.box[0] + rx, d.box[1] + ry, d.box[2], d.box[3]] as Box }));
  const cut = (b: Box): boolean =>
    (rx > 0 && b[0] <= rx + margin) || (ry > 0 && b[1] <= ry + margin) || (rx + rw < width && b[0] + b[2] >= rx + rw - margin) || (ry + rh < height && b[1] + b[3] >= ry + rh - margin);
  const whole = moved.filter((d) => !cut(d.box));
  const kept = known.filter((k) => !intersects(k.box, region) || (cut(k.box) && !whole.some((d) => iou(d.box, k.box) > 0.3)));
  return [...whole, ...kept];
}
