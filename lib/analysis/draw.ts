import { glyph, GLYPH_H, GLYPH_W } from "./font";

// Drawing on packed RGB24 frames (row-major, no padding): box outlines and a filled label tag.
// Everything is clipped to the frame, so boxes that leave the picture are safe to draw.

export type Rgb = readonly [number, number, number];

export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Distinct, saturated colours; a track keeps its colour for the whole video. */
const PALETTE: Rgb[] = [
  [255, 56, 56], [255, 157, 151], [255, 112, 31], [255, 178, 29], [207, 210, 49], [72, 249, 10], [146, 204, 23],
  [61, 219, 134], [26, 147, 52], [0, 212, 187], [44, 153, 168], [0, 194, 255], [52, 69, 147], [100, 115, 255],
  [0, 24, 236], [132, 56, 255], [82, 0, 133], [203, 56, 255], [255, 149, 200], [255, 55, 199],
];

export function trackColor(trackId: number): Rgb {
  return PALETTE[Math.abs(Math.trunc(trackId)) % PALETTE.length] as Rgb;
}

/** Fills the rectangle [x0, x1) × [y0, y1), clipped. */
export function fillRect(img: RgbImage, x0: number, y0: number, x1: number, y1: number, c: Rgb): void {
  const xa = Math.max(0, Math.floor(x0));
  const ya = Math.max(0, Math.floor(y0));
  const xb = Math.min(img.width, Math.ceil(x1));
  const yb = Math.min(img.height, Math.ceil(y1));
  if (xa >= xb || ya >= yb) return;
  const [r, g, b] = c;
  const d = img.data;
  for (let y = ya; y < yb; y++) {
    let o = (y * img.width + xa) * 3;
    for (let x = xa; x < xb; x++, o += 3) {
      d[o] = r;
      d[o + 1] = g;
      d[o + 2] = b;
    }
  }
}

/** An outline `thickness` pixels wide drawn inside the box [x, y, w, h]. */
export function strokeRect(img: RgbImage, box: readonly number[], thickness: number, c: Rgb): void {
  const [x = 0, y = 0, w = 0, h = 0] = box;
  const t = Math.max(1, Math.min(thickness, w / 2, h / 2));
  fillRect(img, x, y, x + w, y + t, c);
  fillRect(img, x, y + h - t, x + w, y + h, c);
  fillRect(img, x, y + t, x + t, y + h - t, c);
  fillRect(img, x + w - t, y + t, x + w, y + h - t, c);
}

export function textWidth(text: string, scale: number): number {
  return text.length === 0 ? 0 : (text.length * (GLYPH_W + 1) - 1) * scale;
}

/** Draws text with its top-left corner at (x, y), each font pixel a scale × scale square. */
export function drawText(img: RgbImage, text: string, x: number, y: number, scale: number, c: Rgb): void {
  let cx = Math.round(x);
  const top = Math.round(y);
  for (const ch of text) {
    const rows = glyph(ch);
    for (let row = 0; row < GLYPH_H; row++) {
      const bits = rows[row] ?? 0;
      if (bits === 0) continue;
      for (let col = 0; col < GLYPH_W; col++) {
        if (bits & (1 << (GLYPH_W - 1 - col))) {
          const px = cx + col * scale;
          const py = top + row * scale;
          fillRect(img, px, py, px + scale, py + scale, c);
        }
      }
    }
    cx += (GLYPH_W + 1) * scale;
  }
}

/** Black or white, whichever reads better on `c`. */
function ink(c: Rgb): Rgb {
  return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2] > 150 ? [0, 0, 0] : [255, 255, 255];
}

export interface LabelledBox {
  trackId: number;
  label: string;
  box: readonly number[];
}

/** Line width and font scale that stay readable from 240p to 4K. */
export function styleFor(height: number): { thickness: number; scale: number } {
  return { thickness: Math.max(2, Math.round(height / 240)), scale: Math.max(1, Math.round(height / 240)) };
}

/** A box outline in the track's colour with a "LABEL #id" tag above it (inside when there is no room). */
export function drawLabelledBox(img: RgbImage, item: LabelledBox, style = styleFor(img.height)): void {
  const c = trackColor(item.trackId);
  strokeRect(img, item.box, style.thickness, c);
  const text = `${item.label} #${item.trackId}`;
  const pad = style.scale;
  const tagW = textWidth(text, style.scale) + 2 * pad;
  const tagH = GLYPH_H * style.scale + 2 * pad;
  const [x = 0, y = 0] = item.box;
  const tx = Math.min(Math.max(0, x), Math.max(0, img.width - tagW));
  const ty = y - tagH >= 0 ? y - tagH : Math.max(0, y);
  fillRect(img, tx, ty, tx + tagW, ty + tagH, c);
  drawText(img, text, tx + pad, ty + pad, style.scale, ink(c));
}
