import { drawText, fillRect, styleFor, textWidth, trackColor, type Rgb, type RgbImage } from "@/lib/analysis/draw";
import { GLYPH_H } from "@/lib/analysis/font";
import { BONES, KP, type Keypoint } from "@/lib/pose/keypoints";

// Skeletons and action tags drawn on RGB24 frames, beside lib/analysis/draw's boxes and labels.

const MIN_SCORE = 0.25;

/** A line `t` px thick from (x0, y0) to (x1, y1), as a run of squares (clipped by fillRect). */
export function drawLine(img: RgbImage, x0: number, y0: number, x1: number, y1: number, t: number, c: Rgb): void {
  const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0)));
  const h = t / 2;
  for (let i = 0; i <= steps; i++) {
    const x = x0 + ((x1 - x0) * i) / steps;
    const y = y0 + ((y1 - y0) * i) / steps;
    fillRect(img, x - h, y - h, x + h, y + h, c);
  }
}

export function drawSkeleton(img: RgbImage, kps: readonly Keypoint[], c: Rgb, style = styleFor(img.height)): void {
  const t = Math.max(1, style.thickness - 1);
  for (const [a, b] of BONES) {
    const p = kps[KP[a]];
    const q = kps[KP[b]];
    if (p && q && p[2] >= MIN_SCORE && q[2] >= MIN_SCORE) drawLine(img, p[0], p[1], q[0], q[1], t, c);
  }
  for (const k of kps) if (k[2] >= MIN_SCORE) fillRect(img, k[0] - t - 1, k[1] - t - 1, k[0] + t + 1, k[1] + t + 1, [255, 255, 255]);
}

/** The current action under the person's box (above the frame's bottom edge when there is no room). */
export function drawActionTag(img: RgbImage, box: readonly number[], trackId: number, text: string, style = styleFor(img.height)): void {
  const [x = 0, y = 0, , h = 0] = box;
  const pad = style.scale;
  const w = textWidth(text, style.scale) + 2 * pad;
  const th = GLYPH_H * style.scale + 2 * pad;
  const tx = Math.min(Math.max(0, x), Math.max(0, img.width - w));
  const ty = Math.min(y + h, img.height - th);
  fillRect(img, tx, ty, tx + w, ty + th, [0, 0, 0]);
  drawText(img, text, tx + pad, ty + pad, style.scale, trackColor(trackId));
}
