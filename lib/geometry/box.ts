// Boxes shared by detection, tracking, matching and drawing: a leaf module, so lib/track (which needs
// iou) and lib/detect (which runs the tracker) depend on it instead of on each other.

/** Boxes are [x, y, w, h] in pixels, top-left origin. */
export type Box = [number, number, number, number];

export function iou(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]));
  const iy = Math.max(0, Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]));
  const inter = ix * iy;
  const union = a[2] * a[3] + b[2] * b[3] - inter;
  return union > 0 ? inter / union : 0;
}
