import type { Box } from "@/lib/geometry/box";

// Frigate's lesson: most camera frames show nothing new. A frame is reduced to the mean grey level of
// each BLOCK×BLOCK block (a 640×480 frame: 80×60 numbers, one pass over the bytes), compared with the
// last analysed frame's blocks; blocks whose level moved more than LEVEL_DELTA are motion. Averaging
// over a block keeps sensor noise and compression flicker under the threshold.

export interface MotionOptions {
  /** Block size in pixels of the scaled frame. */
  block?: number;
  /** Grey-level change (0–255) of a block's mean that counts as motion. */
  levelDelta?: number;
  /** Fewer moving blocks than this is noise (a leaf, a compression pulse). */
  minBlocks?: number;
}

export interface Motion {
  /** Share of blocks that moved (0–1). */
  fraction: number;
  blocks: number;
  /** Bounding box of the moving blocks in frame pixels; null when nothing moved. */
  box: Box | null;
}

export const DEFAULT_MOTION: Required<MotionOptions> = { block: 8, levelDelta: 10, minBlocks: 2 };

/** Mean grey (Rec. 601 luma) of each block of an RGB24 frame, row-major, ceil(w/b)×ceil(h/b). */
export function blockLevels(data: Uint8Array, width: number, height: number, block: number): Float32Array {
  const bw = Math.ceil(width / block);
  const bh = Math.ceil(height / block);
  const sum = new Float32Array(bw * bh);
  const count = new Uint16Array(bw * bh);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / block) * bw;
    let p = y * width * 3;
    for (let x = 0; x < width; x++, p += 3) {
      const i = row + Math.floor(x / block);
      sum[i] = (sum[i] as number) + 0.299 * (data[p] as number) + 0.587 * (data[p + 1] as number) + 0.114 * (data[p + 2] as number);
      count[i] = (count[i] as number) + 1;
    }
  }
  for (let i = 0; i < sum.length; i++) sum[i] = (sum[i] as number) / Math.max(1, count[i] as number);
  return sum;
}

export class MotionGate {
  private readonly o: Required<MotionOptions>;
  private ref: Float32Array | undefined;
  private refSize = "";

  constructor(opts: MotionOptions = {}) {
    this.o = { ...DEFAULT_MOTION, ...opts };
  }

  /** Motion of this frame against the last frame passed to `accept` (all of it on the first frame). */
  measure(data: Uint8Array, width: number, height: number): { motion: Motion; levels: Float32Array } {
    const { block, levelDelta, minBlocks } = this.o;
    const levels = blockLevels(data, width, height, block);
    const bw = Math.ceil(width / block);
    const ref = this.refSize === `${width}x${height}` ? this.ref : undefined;
    if (!ref) return { motion: { fraction: 1, blocks: levels.length, box: [0, 0, width, height] }, levels };
    let n = 0;
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (let i = 0; i < levels.length; i++) {
      if (Math.abs((levels[i] as number) - (ref[i] as number)) <= levelDelta) continue;
      n++;
      const bx = i % bw;
      const by = Math.floor(i / bw);
      x0 = Math.min(x0, bx);
      y0 = Math.min(y0, by);
      x1 = Math.max(x1, bx + 1);
      y1 = Math.max(y1, by + 1);
    }
    if (n < minBlocks) return { motion: { fraction: n / levels.length, blocks: n, box: null }, levels };
    const box: Box = [x0 * block, y0 * block, Math.min(width, x1 * block) - x0 * block, Math.min(height, y1 * block) - y0 * block];
    return { motion: { fraction: n / levels.length, blocks: n, box }, levels };
  }

  /** The frame the next one is compared with (the last one analysed). */
  accept(levels: Float32Array, width: number, height: number): void {
    this.ref = levels;
    this.refSize = `${width}x${height}`;
  }
}
