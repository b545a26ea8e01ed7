import type { Box } from "@/lib/geometry/views";

// The same letterbox math lives in extension/lib/geometry.js (the extension has no build step);
// tests/unit/extension-geometry.test.ts checks that both agree.

export interface PlayerPoint {
  x: number;
  y: number;
  /** Size of the element the point is relative to (CSS px); absent: x, y are already video pixels. */
  playerWidth?: number | null;
  playerHeight?: number | null;
  /** Intrinsic size of the video (pixels of the decoded frame). */
  videoWidth?: number | null;
  videoHeight?: number | null;
}

export interface VideoPoint {
  /** Video pixels; may lie outside [0, videoWidth] × [0, videoHeight] when `outside`. */
  x: number;
  y: number;
  /** The point is in the black bars (or off the frame): there is no picture under it. */
  outside: boolean;
}

/** Where a `videoWidth×videoHeight` picture lands in a `boxWidth×boxHeight` box (object-fit: contain, centred). */
export interface ContainRect {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Box pixels per video pixel. */
  scale: number;
}

export function containRect(boxWidth: number, boxHeight: number, videoWidth: number, videoHeight: number): ContainRect {
  if (!(boxWidth > 0 && boxHeight > 0 && videoWidth > 0 && videoHeight > 0)) {
    throw new RangeError(`containRect: sizes must be positive (box ${boxWidth}×${boxHeight}, video ${videoWidth}×${videoHeight})`);
  }
  const scale = Math.min(boxWidth / videoWidth, boxHeight / videoHeight);
  const width = videoWidth * scale;
  const height = videoHeight * scale;
  return { x: (boxWidth - width) / 2, y: (boxHeight - height) / 2, width, height, scale };
}

/**
 * A click in player pixels → video pixels, as YouTube shows the picture: scaled to fit and centred,
 * with bars left/right (pillarbox) or top/bottom (letterbox). Without a player size the point is
 * taken to be in video pixels already. Edges count as inside.
 */
export function mapPlayerToVideo(p: PlayerPoint): VideoPoint {
  const { x, y } = p;
  const vw = p.videoWidth ?? undefined;
  const vh = p.videoHeight ?? undefined;
  const hasPlayer = p.playerWidth != null || p.playerHeight != null;
  if (!hasPlayer) {
    const outside = x < 0 || y < 0 || (vw !== undefined && x > vw) || (vh !== undefined && y > vh);
    return { x, y, outside };
  }
  if (p.playerWidth == null || p.playerHeight == null) throw new RangeError("mapPlayerToVideo: playerWidth and playerHeight come together");
  if (vw === undefined || vh === undefined) throw new RangeError("mapPlayerToVideo: a player-relative point needs the video's size");
  const r = containRect(p.playerWidth, p.playerHeight, vw, vh);
  const vx = (x - r.x) / r.scale;
  const vy = (y - r.y) / r.scale;
  return { x: vx, y: vy, outside: vx < 0 || vy < 0 || vx > vw || vy > vh };
}

/** A box in video pixels → player pixels (to draw it over the player). */
export function mapVideoBoxToPlayer(box: Box, playerWidth: number, playerHeight: number, videoWidth: number, videoHeight: number): Box {
  const r = containRect(playerWidth, playerHeight, videoWidth, videoHeight);
  return [r.x + box[0] * r.scale, r.y + box[1] * r.scale, box[2] * r.scale, box[3] * r.scale];
}

/** Euclidean distance from a point to a box (0 inside or on the edge). */
export function distanceToBox(x: number, y: number, box: Box): number {
  const dx = Math.max(box[0] - x, 0, x - (box[0] + box[2]));
  const dy = Math.max(box[1] - y, 0, y - (box[1] + box[3]));
  return Math.hypot(dx, dy);
}

export function containsPoint(box: Box, x: number, y: number): boolean {
  return x >= box[0] && x <= box[0] + box[2] && y >= box[1] && y <= box[1] + box[3];
}

/** 0 at the centre of the box, 1 on its edge (Chebyshev distance normalised by the half sizes). */
export function offCentre(box: Box, x: number, y: number): number {
  const hw = box[2] / 2;
  const hh = box[3] / 2;
  const dx = hw > 0 ? Math.abs(x - (box[0] + hw)) / hw : 0;
  const dy = hh > 0 ? Math.abs(y - (box[1] + hh)) / hh : 0;
  return Math.min(1, Math.max(dx, dy));
}
