// Decides, synchronously and locally, whether a click on the picture can hit an object: the content
// script must know before YouTube's own click handler runs whether to stop the event (a hit: no
// play/pause under the card) or to leave it untouched (a miss). The boxes are the server's overlay of
// the video (what shoppers are shown, exact timeline included), fetched once per video. The answer is a
// superset of the server's: the server answers from the frame on screen at the click's time (last pts ≤
// t), with each track's box interpolated between its two stored boxes around that frame (or held after
// the last one for `holdMs`), grown by its near tolerance (2 % of the diagonal, at least 4 px). Here a
// point counts when it lies in a stored box, or in the hull of two consecutive ones, anywhere from the
// frame on screen to the click's time, grown by that tolerance plus 1 px. So "miss" here is a miss for
// the server too; only a "maybe" is stopped and sent before anything else happens.
// Plain ES module, no imports (see card.js).


/**
 * @param {{ width: number, height: number, tracks: { id: number, holdMs?: number, boxes: [number, number, number, number, number][] }[] }} overlay
 *   boxes are [ptsMs, x, y, w, h] in the analysed file's pixels, sorted by ptsMs
 */
export function buildHitIndex(overlay) {
  const tl = overlay?.timeline;
  // Frame times in ms from the first frame, as the server's timeline has them.
  const frameMs = tl && Array.isArray(tl.pts) && tl.timescale > 0 ? tl.pts.map((p) => ((p - (tl.startPts ?? 0)) * 1000) / tl.timescale) : null;
  const width = Number(overlay?.width) || 0;
  const height = Number(overlay?.height) || 0;
  const tracks = (Array.isArray(overlay?.tracks) ? overlay.tracks : [])
    .map((t) => ({ id: t.id, holdMs: Math.max(0, Number(t.holdMs) || 0), boxes: (t.boxes ?? []).filter((b) => Array.isArray(b) && b.length >= 5).sort((a, b) => a[0] - b[0]) }))
    .filter((t) => t.boxes.length > 0);
  const tolerance = Math.max(4, 0.02 * Math.hypot(width, height)) + 1;
  return { width, height, tracks, tolerance, frameMs };
}

// Index of the last entry whose time (`at`) is ≤ ms, or -1; `list` is sorted by time.
function lastAtOrBefore(list, ms, at = (e) => e[0]) {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (at(list[mid]) <= ms) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function inBox(b, x, y, tol) {
  return x >= b[1] - tol && x <= b[1] + b[3] + tol && y >= b[2] - tol && y <= b[2] + b[4] + tol;
}

/**
 * Whether the server could answer an object for a click at (x, y) of the picture at `timeS`.
 * @param {ReturnType<typeof buildHitIndex>} index
 * @param {{ x: number, y: number, videoWidth: number, videoHeight: number, timeS: number }} click
 *   x, y in the shown picture's pixels (videoWidth × videoHeight, the rendition playing)
 * @returns {{ maybe: boolean, trackIds: number[] }}
 */
export function mayHit(index, click) {
  if (!index || index.tracks.length === 0 || !(click.videoWidth > 0) || !(click.videoHeight > 0) || !Number.isFinite(click.timeS)) return { maybe: false, trackIds: [] };
  const x = (click.x * (index.width || click.videoWidth)) / click.videoWidth;
  const y = (click.y * (index.height || click.videoHeight)) / click.videoHeight;
  const hi = click.timeS * 1000 + 1;
  // The frame on screen: the last frame at or before the click (without a timeline, up to 1 s before).
  let lo = hi - 1001;
  if (index.frameMs && index.frameMs.length > 0) {
    const k = lastAtOrBefore(index.frameMs, hi, (m) => m);
    lo = (k >= 0 ? index.frameMs[k] : index.frameMs[0]) - 1;
  }
  const tol = index.tolerance;
  const trackIds = [];
  for (const t of index.tracks) {
    const { boxes } = t;
    if (hi < boxes[0][0] - 1 || lo > boxes[boxes.length - 1][0] + t.holdMs + 1) continue;
    let hit = false;
    for (let i = Math.max(0, lastAtOrBefore(boxes, lo)); i < boxes.length && !hit; i++) {
      const a = boxes[i];
      const b = boxes[i + 1];
      if (inBox(a, x, y, tol)) hit = true;
      else if (b) {
        // Between two stored boxes the server interpolates: its box lies in their hull.
        const left = Math.min(a[1], b[1]);
        const top = Math.min(a[2], b[2]);
        hit = inBox([0, left, top, Math.max(a[1] + a[3], b[1] + b[3]) - left, Math.max(a[2] + a[4], b[2] + b[4]) - top], x, y, tol);
      }
      if (a[0] > hi) break;
    }
    if (hit) trackIds.push(t.id);
  }
  return { maybe: trackIds.length > 0, trackIds };
}
