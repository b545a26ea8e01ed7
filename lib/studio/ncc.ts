// Normalised cross-correlation template matching on grayscale images (the studio's box follower).

export interface Gray {
  width: number;
  height: number;
  data: Float32Array;
}

/** RGB24 → luma (BT.601 weights). */
export function toGray(rgb: Uint8Array, width: number, height: number): Gray {
  const data = new Float32Array(width * height);
  for (let i = 0, j = 0; i < data.length; i++, j += 3) data[i] = 0.299 * (rgb[j] as number) + 0.587 * (rgb[j + 1] as number) + 0.114 * (rgb[j + 2] as number);
  return { width, height, data };
}

/** A w×h patch of `img` at integer (x, y); the caller keeps it inside the image. */
export function crop(img: Gray, x: number, y: number, w: number, h: number): Gray {
  const data = new Float32Array(w * h);
  for (let r = 0; r < h; r++) data.set(img.data.subarray((y + r) * img.width + x, (y + r) * img.width + x + w), r * w);
  return { width: w, height: h, data };
}

/** Integral images of values and squares, (w+1)×(h+1), for window sums in O(1). */
function integrals(img: Gray): { s: Float64Array; s2: Float64Array } {
  const W = img.width + 1;
  const s = new Float64Array(W * (img.height + 1));
  const s2 = new Float64Array(W * (img.height + 1));
  for (let y = 0; y < img.height; y++) {
    let row = 0;
    let row2 = 0;
    for (let x = 0; x < img.width; x++) {
      const v = img.data[y * img.width + x] as number;
      row += v;
      row2 += v * v;
      s[(y + 1) * W + x + 1] = (s[y * W + x + 1] as number) + row;
      s2[(y + 1) * W + x + 1] = (s2[y * W + x + 1] as number) + row2;
    }
  }
  return { s, s2 };
}

export interface NccPeak {
  /** Top-left of the best window, sub-pixel. */
  x: number;
  y: number;
  /** NCC at the peak, −1…1 (0 for a flat window). */
  score: number;
}

/**
 * Best match of `tpl` in `img` with its top-left within ±radius of (cx, cy), windows fully inside
 * the image; the peak is refined to sub-pixel by a parabola through its neighbours.
 */
export function matchTemplate(img: Gray, tpl: Gray, cx: number, cy: number, radius: number): NccPeak | null {
  const { width: tw, height: th } = tpl;
  const n = tw * th;
  let tMean = 0;
  for (const v of tpl.data) tMean += v;
  tMean /= n;
  const t = new Float32Array(n);
  let tNorm = 0;
  for (let i = 0; i < n; i++) {
    const d = (tpl.data[i] as number) - tMean;
    t[i] = d;
    tNorm += d * d;
  }
  tNorm = Math.sqrt(tNorm);
  if (tNorm < 1e-6) return null; // a flat template matches everything equally
  const x0 = Math.max(0, Math.round(cx - radius));
  const y0 = Math.max(0, Math.round(cy - radius));
  const x1 = Math.min(img.width - tw, Math.round(cx + radius));
  const y1 = Math.min(img.height - th, Math.round(cy + radius));
  if (x1 < x0 || y1 < y0) return null;
  const { s, s2 } = integrals(img);
  const W = img.width + 1;
  const gw = x1 - x0 + 1;
  const scores = new Float32Array(gw * (y1 - y0 + 1));
  let best = -Infinity;
  let bx = x0;
  let by = y0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const sum = (s[(y + th) * W + x + tw] as number) - (s[y * W + x + tw] as number) - (s[(y + th) * W + x] as number) + (s[y * W + x] as number);
      const sum2 = (s2[(y + th) * W + x + tw] as number) - (s2[y * W + x + tw] as number) - (s2[(y + th) * W + x] as number) + (s2[y * W + x] as number);
      const varI = sum2 - (sum * sum) / n;
      let cross = 0;
      for (let r = 0; r < th; r++) {
        const base = (y + r) * img.width + x;
        const tb = r * tw;
        for (let c = 0; c < tw; c++) cross += (t[tb + c] as number) * (img.data[base + c] as number);
      }
      const score = varI > 1e-6 ? cross / (tNorm * Math.sqrt(varI)) : 0;
      scores[(y - y0) * gw + (x - x0)] = score;
      if (score > best) {
        best = score;
        bx = x;
        by = y;
      }
    }
  }
  const at = (x: number, y: number) => scores[(y - y0) * gw + (x - x0)] as number;
  const refine = (l: number, c: number, r: number) => {
    const d = l - 2 * c + r;
    return d < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (l - r)) / d)) : 0;
  };
  const dx = bx > x0 && bx < x1 ? refine(at(bx - 1, by), best, at(bx + 1, by)) : 0;
  const dy = by > y0 && by < y1 ? refine(at(bx, by - 1), best, at(bx, by + 1)) : 0;
  return { x: bx + dx, y: by + dy, score: best };
}
