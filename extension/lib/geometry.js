// Letterbox math for the content script (plain ES module, no build step). The server has the same
// in lib/match/geometry.ts; tests/unit/extension-geometry.test.ts checks that both agree.

/**
 * Where a videoWidth×videoHeight picture lands in a boxWidth×boxHeight box (object-fit: contain,
 * centred, as YouTube shows it).
 * @returns {{ x: number, y: number, width: number, height: number, scale: number }}
 */
export function containRect(boxWidth, boxHeight, videoWidth, videoHeight) {
  if (!(boxWidth > 0 && boxHeight > 0 && videoWidth > 0 && videoHeight > 0)) {
    throw new RangeError(`containRect: sizes must be positive (box ${boxWidth}×${boxHeight}, video ${videoWidth}×${videoHeight})`);
  }
  const scale = Math.min(boxWidth / videoWidth, boxHeight / videoHeight);
  const width = videoWidth * scale;
  const height = videoHeight * scale;
  return { x: (boxWidth - width) / 2, y: (boxHeight - height) / 2, width, height, scale };
}

/**
 * A point in player (element) pixels → video pixels; `outside` when it is in the black bars.
 * Without a player size the point is already in video pixels.
 * @param {{ x: number, y: number, playerWidth?: number, playerHeight?: number, videoWidth?: number, videoHeight?: number }} p
 * @returns {{ x: number, y: number, outside: boolean }}
 */
export function mapPlayerToVideo(p) {
  const { x, y } = p;
  const vw = p.videoWidth ?? undefined;
  const vh = p.videoHeight ?? undefined;
  if (p.playerWidth == null && p.playerHeight == null) {
    return { x, y, outside: x < 0 || y < 0 || (vw !== undefined && x > vw) || (vh !== undefined && y > vh) };
  }
  if (p.playerWidth == null || p.playerHeight == null) throw new RangeError("mapPlayerToVideo: playerWidth and playerHeight come together");
  if (vw === undefined || vh === undefined) throw new RangeError("mapPlayerToVideo: a player-relative point needs the video's size");
  const r = containRect(p.playerWidth, p.playerHeight, vw, vh);
  const vx = (x - r.x) / r.scale;
  const vy = (y - r.y) / r.scale;
  return { x: vx, y: vy, outside: vx < 0 || vy < 0 || vx > vw || vy > vh };
}

/**
 * A box [x, y, w, h] in video pixels → player pixels (to outline it over the picture).
 * @returns {[number, number, number, number]}
 */
export function mapVideoBoxToPlayer(box, playerWidth, playerHeight, videoWidth, videoHeight) {
  const r = containRect(playerWidth, playerHeight, videoWidth, videoHeight);
  return [r.x + box[0] * r.scale, r.y + box[1] * r.scale, box[2] * r.scale, box[3] * r.scale];
}

/**
 * A pointer event's client coordinates → the point relative to an element's box (CSS px), and
 * whether it lies on the box at all.
 * @param {{ left: number, top: number, width: number, height: number }} rect from getBoundingClientRect()
 */
export function pointInRect(clientX, clientY, rect) {
  const x = clientX - rect.left;
  const y = clientY - rect.top;
  return { x, y, inside: x >= 0 && y >= 0 && x <= rect.width && y <= rect.height };
}

/**
 * What the content script sends for a click on a <video>: the point relative to the element, or
 * null when there is no picture under it (black bars, outside the element, no video size yet).
 * `controlsBand`: px at the bottom reserved for native controls (a <video controls> draws them on
 * the element itself).
 */
export function clickOnPicture({ clientX, clientY, rect, videoWidth, videoHeight, controlsBand = 0 }) {
  if (!(videoWidth > 0 && videoHeight > 0 && rect.width > 0 && rect.height > 0)) return null;
  const p = pointInRect(clientX, clientY, rect);
  if (!p.inside || p.y > rect.height - controlsBand) return null;
  const v = mapPlayerToVideo({ x: p.x, y: p.y, playerWidth: rect.width, playerHeight: rect.height, videoWidth, videoHeight });
  if (v.outside) return null;
  return { x: p.x, y: p.y, playerWidth: rect.width, playerHeight: rect.height, videoWidth, videoHeight, videoX: v.x, videoY: v.y };
}
