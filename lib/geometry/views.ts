// Pure box and view geometry shared by the detector (tiles, letterbox, NMS) and the tracker (what size the model resolves).
import { iou, type Box } from "@/lib/geometry/box";

export { iou, type Box } from "@/lib/geometry/box";

export interface Region {
  x: number;
  y: number;
  w: number;
  h: number;
}

export function clipBox(box: Box, width: number, height: number): Box {
  const x1 = Math.min(width, Math.max(0, box[0]));
  const y1 = Math.min(height, Math.max(0, box[1]));
  const x2 = Math.min(width, Math.max(0, box[0] + box[2]));
  const y2 = Math.min(height, Math.max(0, box[1] + box[3]));
  return [x1, y1, x2 - x1, y2 - y1];
}

/**
 * Greedy non-maximum suppression: keeps the best-scoring box of each cluster.
 * `sameGroup` decides which pairs may suppress each other (e.g. same class).
 */
export function nms<T extends { box: Box; score: number }>(items: T[], iouThreshold: number, sameGroup: (a: T, b: T) => boolean = () => true): T[] {
  const sorted = [...items].sort((a, b) => b.score - a.score);
  const kept: T[] = [];
  for (const item of sorted) {
    if (!kept.some((k) => sameGroup(k, item) && iou(k.box, item.box) > iouThreshold)) kept.push(item);
  }
  return kept;
}

/** Aspect-preserving fit of a region into a size×size square, image at the top-left, padding right/bottom. */
export interface Letterbox {
  region: Region;
  scale: number;
  /** Resized width and height inside the square. */
  rw: number;
  rh: number;
}

export function letterbox(region: Region, size: number): Letterbox {
  const scale = size / Math.max(region.w, region.h);
  return { region, scale, rw: Math.max(1, Math.round(region.w * scale)), rh: Math.max(1, Math.round(region.h * scale)) };
}

/** Maps an x1,y1,x2,y2 box in letterboxed model-input pixels back to source pixels as [x, y, w, h]. */
export function unletterbox(lb: Letterbox, x1: number, y1: number, x2: number, y2: number): Box {
  const sx = lb.region.w / lb.rw;
  const sy = lb.region.h / lb.rh;
  const ax = lb.region.x + x1 * sx;
  const ay = lb.region.y + y1 * sy;
  return [ax, ay, (x2 - x1) * sx, (y2 - y1) * sy];
}

/**
 * The regions a frame is analysed in: the whole frame, plus two overlapping tiles along its long
 * side, so objects a fraction of the frame tall are seen at a larger scale by the model.
 */
export function planViews(width: number, height: number, tiles: boolean, overlap = 0.2): Region[] {
  const full: Region = { x: 0, y: 0, w: width, h: height };
  if (!tiles) return [full];
  if (width >= height) {
    const tw = Math.round((width * (1 + overlap)) / 2);
    return [full, { x: 0, y: 0, w: tw, h: height }, { x: width - tw, y: 0, w: tw, h: height }];
  }
  const th = Math.round((height * (1 + overlap)) / 2);
  return [full, { x: 0, y: 0, w: width, h: th }, { x: 0, y: height - th, w: width, h: th }];
}

/** True when a box found in a tile touches a tile edge that lies inside the frame (object probably cut). */
export function touchesInnerEdge(box: Box, view: Region, width: number, height: number, margin: number): boolean {
  const [x, y, w, h] = box;
  if (view.x > 0 && x <= view.x + margin) return true;
  if (view.y > 0 && y <= view.y + margin) return true;
  if (view.x + view.w < width && x + w >= view.x + view.w - margin) return true;
  if (view.y + view.h < height && y + h >= view.y + view.h - margin) return true;
  return false;
}
