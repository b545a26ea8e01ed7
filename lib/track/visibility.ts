import { iou, type Box } from "@/lib/geometry/box";
import { motionLabels, objectMotion, RIVAL, OWN, type GrayFrame, type Rect } from "./motion-evidence";

export { toGray, type GrayFrame } from "./motion-evidence";

// Where inside its box an object can be seen (docs/matching.md, "Visibility cells"). A box is a
// rectangle; the object it stands for may be partly hidden by something in front — another object,
// or a part of the picture no detector names (the table under a cup, a flag beside a person). The
// evidence used is motion: between two analysed frames, the pixels of the object move with the object;
// pixels of whatever is in front move with that thing (another track, a detection no track holds, or the
// still background). Each observed box gets a 16×16 grid over its own area (and a ring around it); a
// cell is marked hidden when the picture there is explained clearly better by another motion than by
// the object's own. Cells without evidence (flat
// areas, an object that moves like its surroundings) stay visible: no evidence, no change.

export const VIS_GRID = 16;

export interface VisibilityInput {
  trackId: number;
  box: Box;
  /** The same track's box on the previous analysed frame, if it had one. */
  prevBox?: Box;
}

export interface VisibilityOptions {
  /** A cell is hidden when another motion explains it with at most this share of the object's own error… */
  ratio?: number;
  /** …and at least this many grey levels less. */
  minGain?: number;
  /** Motions closer than this (working px) cannot be told apart: no evidence. */
  minSeparation?: number;
}

/** Grid cells per box side, plus one ring of cells around the box (points a click may still "nearly" hit). */
const RING = 3;
const SIDE = VIS_GRID + 2 * RING;
const CELLS = SIDE * SIDE;

/** The box grown by RING cells (sixteenths of its size) on every side: the area the grid covers. */
function gridRect(b: Box): Box {
  const mx = (RING * b[2]) / VIS_GRID;
  const my = (RING * b[3]) / VIS_GRID;
  return [b[0] - mx, b[1] - my, b[2] + 2 * mx, b[3] + 2 * my];
}

/**
 * Hidden cells of each box on `cur`, from the motion between another analysed frame (`prev`, usually the
 * one before) and this one: a hex string of 324 bits over an 18×18 grid — the box's 16×16 cells and one ring
 * of cells around it — row-major, bit i in hex digit ⌊i/4⌋. Only boxes with some hidden cell are in the result.
 */
export function hiddenCells(prev: GrayFrame, cur: GrayFrame, boxes: readonly VisibilityInput[], opts: VisibilityOptions = {}, untracked: readonly Box[] = []): Map<number, string> {
  const ratio = opts.ratio ?? 0.6;
  const minGain = opts.minGain ?? 4;
  const sep = opts.minSeparation ?? 1.5;
  const motions = boxes.map((b) => ({ ...b, d: objectMotion(prev, cur, b.prevBox, b.box) }));
  // Things the detector saw that no track holds (a weak or flickering detection: a cup read as a bowl one
  // frame and missed the next) may still be in front: their motion is a rival too, they get no cells.
  // Their motion is searched only when they are near a tracked box (most weak detections are not).
  const others = untracked.map((box) => ({ box, motion: undefined as [number, number] | undefined }));
  const out = new Map<number, string>();
  for (const a of motions) {
    const rivals: [number, number][] = [];
    const consider = (d: [number, number]) => {
      if (Math.hypot(d[0] - a.d[0], d[1] - a.d[1]) >= sep && !rivals.some((r) => Math.hypot(r[0] - d[0], r[1] - d[1]) < sep)) rivals.push(d);
    };
    if (Math.hypot(a.d[0], a.d[1]) >= sep) rivals.push([0, 0]);
    for (const b of motions) if (b !== a && near(a.box, b.box)) consider(b.d);
    for (const o of others) if (near(a.box, o.box)) consider((o.motion ??= objectMotion(prev, cur, undefined, o.box)));
    if (rivals.length === 0) continue;
    const g = gridRect(a.box);
    const cw = (g[2] * cur.scale) / SIDE;
    const ch = (g[3] * cur.scale) / SIDE;
    if (cw < 1 || ch < 1) continue;
    const x0 = g[0] * cur.scale;
    const y0 = g[1] * cur.scale;
    const area: Rect = { x0: Math.max(0, Math.floor(x0)), y0: Math.max(0, Math.floor(y0)), x1: Math.min(cur.width, Math.ceil(x0 + SIDE * cw)), y1: Math.min(cur.height, Math.ceil(y0 + SIDE * ch)) };
    if (area.x1 <= area.x0 || area.y1 <= area.y0) continue;
    const labels = motionLabels(prev, cur, area, a.d, rivals, ratio, minGain);
    const aw = area.x1 - area.x0;
    const bits = new Uint8Array(Math.ceil(CELLS / 4));
    let any = false;
    for (let cy = 0; cy < SIDE; cy++) {
      for (let cx = 0; cx < SIDE; cx++) {
        const cx0 = Math.max(area.x0, Math.floor(x0 + cx * cw));
        const cy0 = Math.max(area.y0, Math.floor(y0 + cy * ch));
        const cx1 = Math.min(area.x1, Math.floor(x0 + (cx + 1) * cw));
        const cy1 = Math.min(area.y1, Math.floor(y0 + (cy + 1) * ch));
        let forRival = 0;
        let forOwn = 0;
        let n = 0;
        for (let y = cy0; y < cy1; y++) {
          for (let x = cx0; x < cx1; x++) {
            const l = labels[(y - area.y0) * aw + (x - area.x0)] as number;
            n++;
            if (l === RIVAL) forRival++;
            else if (l === OWN) forOwn++;
          }
        }
        // Hidden: what the cell shows is another layer's more than the object's, over a quarter of it at least.
        if (n > 0 && forRival > forOwn && forRival * 4 >= n) {
          const i = cy * SIDE + cx;
          bits[i >> 2] = (bits[i >> 2] as number) | (1 << (i & 3));
          any = true;
        }
      }
    }
    if (any) out.set(a.trackId, Array.from(bits, (v) => v.toString(16)).join(""));
  }
  return out;
}

/** Boxes close enough that one may hide part of the other (the other's box grown by half its size). */
function near(a: Box, b: Box): boolean {
  const gx = b[2] / 2;
  const gy = b[3] / 2;
  return a[0] < b[0] + b[2] + gx && b[0] - gx < a[0] + a[2] && a[1] < b[1] + b[3] + gy && b[1] - gy < a[1] + a[3];
}

/**
 * Whether the point (x, y) falls on a hidden cell of `box` (its 16×16 cells or the ring around them);
 * false without a mask or outside the grid (no evidence there).
 */
export function cellHidden(mask: string | undefined, box: Box, x: number, y: number): boolean {
  if (!mask || box[2] <= 0 || box[3] <= 0) return false;
  const g = gridRect(box);
  const cx = Math.floor(((x - g[0]) / g[2]) * SIDE);
  const cy = Math.floor(((y - g[1]) / g[3]) * SIDE);
  if (cx < 0 || cy < 0 || cx >= SIDE || cy >= SIDE) return false;
  const i = cy * SIDE + cx;
  const digit = Number.parseInt(mask[i >> 2] ?? "0", 16);
  return Number.isFinite(digit) && ((digit >> (i & 3)) & 1) === 1;
}

/**
 * Follows an analysis frame by frame: each analysed frame's picture (grey) and the tracked boxes on it;
 * the hidden cells of every box are judged against the previous analysed frame. Keeps two pictures.
 */
export class VisibilityPass {
  private prev: { gray: GrayFrame; boxes: Map<number, Box> } | null = null;
  private readonly masks = new Map<string, string>();
  constructor(private readonly opts: VisibilityOptions = {}) {}

  /** `detections`: every box the detector returned on this frame; those no tracked box stands for count as rivals. */
  frame(gray: GrayFrame | null, frameIndex: number, boxes: readonly { trackId: number; box: Box; observed?: boolean }[], detections: readonly Box[] = []): void {
    if (!gray) {
      this.prev = null;
      return;
    }
    const seen = boxes.filter((b) => b.observed !== false);
    if (this.prev && this.prev.gray.width === gray.width && this.prev.gray.height === gray.height) {
      const prevBoxes = this.prev.boxes;
      const inputs = seen.map((b) => ({ trackId: b.trackId, box: b.box, prevBox: prevBoxes.get(b.trackId) }));
      const untracked = detections.filter((d) => !seen.some((b) => iou(b.box, d) >= 0.5));
      for (const [trackId, mask] of hiddenCells(this.prev.gray, gray, inputs, this.opts, untracked)) this.masks.set(`${trackId}:${frameIndex}`, mask);
    }
    this.prev = { gray, boxes: new Map(seen.map((b) => [b.trackId, b.box])) };
  }

  /** The hidden cells of a track's box on an analysed frame, if any cell is hidden. */
  maskOf(trackId: number, frameIndex: number): string | undefined {
    return this.masks.get(`${trackId}:${frameIndex}`);
  }
}
