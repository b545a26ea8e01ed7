import { boxAt } from "@/lib/track/interpolate";
import type { Box4, ExchangeDoc, ExchangeTrack } from "./types";

export interface DenseBox {
  frame: number;
  ptsMs: number;
  box: Box4;
  /** A stored box (a keyframe for CVAT); false: interpolated by pts between two stored boxes. */
  stored: boolean;
  keyframe: boolean;
  observed: boolean;
  score: number;
}

/**
 * Every frame of a track from its first to its last box: stored boxes as they are, the frames between
 * them interpolated by pts (lib/track/interpolate, the rule clicks are matched by), so per-frame formats
 * and tools that interpolate by frame index see the boxes Framecart serves on a VFR video. With `frame`,
 * boxes are clipped to the picture and frames where nothing of the box is inside are left out.
 * Frames inside an outside span (an outside box until the next box) are left out too, outside box included.
 */
export function denseBoxes(track: ExchangeTrack, ptsMs: readonly number[], frame?: { width: number; height: number }): DenseBox[] {
  const first = track.boxes[0];
  const last = track.boxes.at(-1);
  if (!first || !last) return [];
  const timed = track.boxes.map((b) => ({ ptsMs: ptsMs[b.frame] as number, box: b.box, outside: b.outside === true }));
  const byFrame = new Map(track.boxes.map((b) => [b.frame, b]));
  const out: DenseBox[] = [];
  for (let f = first.frame; f <= last.frame; f++) {
    const p = ptsMs[f] as number;
    const s = byFrame.get(f);
    if (s?.outside) continue;
    if (s) out.push({ frame: f, ptsMs: p, box: s.box, stored: true, keyframe: s.keyframe, observed: s.observed, score: s.score });
    else {
      const b = boxAt(timed, p) as Box4 | null;
      if (b) out.push({ frame: f, ptsMs: p, box: b, stored: false, keyframe: false, observed: false, score: 0 });
    }
  }
  if (!frame) return out;
  // Detector boxes may reach past the picture; labelling formats describe what is in it.
  return out.flatMap((b) => {
    const c = clip(b.box, frame.width, frame.height);
    return c ? [{ ...b, box: c }] : [];
  });
}

/** The part of a box inside a width×height picture; null when nothing of it is inside. */
export function clip([x, y, w, h]: Box4, width: number, height: number): Box4 | null {
  const x0 = Math.max(0, x);
  const y0 = Math.max(0, y);
  const x1 = Math.min(width, x + w);
  const y1 = Math.min(height, y + h);
  return x1 > x0 && y1 > y0 ? [x0, y0, x1 - x0, y1 - y0] : null;
}

/** Checks what every writer relies on: frames inside the pts list, in order, one box per frame. */
export function checkDoc(doc: ExchangeDoc): void {
  const n = doc.ptsMs.length;
  for (const t of doc.tracks) {
    let prev = -1;
    for (const b of t.boxes) {
      if (!Number.isInteger(b.frame) || b.frame <= prev || b.frame >= n) throw new RangeError(`track ${t.id}: frame ${b.frame} is out of order or outside 0…${n - 1}`);
      prev = b.frame;
    }
  }
}
