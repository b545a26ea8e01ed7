import type { Box } from "@/lib/geometry/views";
import { boxesAt, buildVideoIndex, frameOnScreen, type VideoIndex } from "@/lib/match/engine";
import { makeTimeline } from "@/lib/media/timeline";
import type { Overlay } from "./schemas";

// Client-side frame sync: the same pure engine the click matcher uses, so what is drawn is what a click matches.

/**
 * requestVideoFrameCallback's mediaTime is the shown frame's pts, but browsers keep it in whole µs
 * (Chrome's TimeDelta), so it can sit a hair below the exact pts: read it up to 50 µs later. Frames are
 * always far more than 50 µs apart, so this never reaches the next frame.
 */
export const MEDIA_TIME_SLACK_S = 50e-6;

export function overlayIndex(o: Overlay): VideoIndex | null {
  if (!o.timeline || o.timeline.pts.length === 0) return null;
  const timeline = { ...makeTimeline(o.timeline.timescale, Float64Array.from(o.timeline.pts)), startPts: o.timeline.startPts };
  return buildVideoIndex({
    timeline,
    tracks: o.tracks.map((t) => ({
      trackId: t.id,
      label: t.label,
      holdMs: t.holdMs,
      boxes: t.boxes.map(([ptsMs, x, y, w, h]) => ({ frameIndex: 0, ptsMs, x, y, w, h, outside: t.outsideMs.includes(ptsMs) })),
    })),
    trackProducts: new Map(o.tracks.flatMap((t) => (t.productId === null ? [] : [[t.id, t.productId] as const]))),
    width: o.width ?? undefined,
    height: o.height ?? undefined,
  });
}

export interface DrawnFrame {
  frameIndex: number | null;
  ptsMs: number | null;
  boxes: { trackId: number; label: string; box: Box; productId: number | null }[];
}

/**
 * The boxes of the frame on screen at `timeS` seconds from the first frame (last pts ≤ t).
 * `source: "media-time"` (a frame callback's mediaTime) allows for µs rounding; `"current-time"` is exact.
 */
export function frameBoxes(index: VideoIndex, timeS: number, source: "media-time" | "current-time"): DrawnFrame {
  const t = source === "media-time" ? timeS + MEDIA_TIME_SLACK_S : timeS;
  const f = frameOnScreen(index, Math.max(0, t));
  if (f.ptsMs === null) return { frameIndex: null, ptsMs: null, boxes: [] };
  const boxes = boxesAt(index, f.ptsMs).map((b) => ({ ...b, productId: index.trackProducts.get(b.trackId) ?? null }));
  return { frameIndex: f.frameIndex, ptsMs: f.ptsMs, boxes };
}

/** Where an object-fit: contain picture lies inside its element (CSS px). */
export function containRect(elW: number, elH: number, videoW: number, videoH: number): { left: number; top: number; width: number; height: number; scale: number } {
  if (!(elW > 0 && elH > 0 && videoW > 0 && videoH > 0)) return { left: 0, top: 0, width: elW, height: elH, scale: 1 };
  const scale = Math.min(elW / videoW, elH / videoH);
  const width = videoW * scale;
  const height = videoH * scale;
  return { left: (elW - width) / 2, top: (elH - height) / 2, width, height, scale };
}

/** A point in element CSS px → video px (null in the letterbox bars). */
export function elementToVideo(px: number, py: number, elW: number, elH: number, videoW: number, videoH: number): { x: number; y: number } | null {
  const r = containRect(elW, elH, videoW, videoH);
  const x = (px - r.left) / r.scale;
  const y = (py - r.top) / r.scale;
  if (x < 0 || y < 0 || x > videoW || y > videoH) return null;
  return { x, y };
}

/** The inverse: a video px point → element CSS px (to click a box's centre from the keyboard). */
export function videoToElement(x: number, y: number, elW: number, elH: number, videoW: number, videoH: number): { x: number; y: number } {
  const r = containRect(elW, elH, videoW, videoH);
  return { x: r.left + x * r.scale, y: r.top + y * r.scale };
}
