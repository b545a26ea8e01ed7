import type { Box } from "@/lib/geometry/views";
import { boxAt } from "@/lib/track/interpolate";
import { frameAt, ptsMsOf, type Timeline } from "@/lib/media/timeline";
import { containsPoint, mapPlayerToVideo, type PlayerPoint, type VideoPoint } from "@/lib/match/geometry";
import { IntervalTree } from "@/lib/match/interval-tree";
import { hitTest } from "@/lib/match/hit-test";
import { depthOrder, type ObservedBox } from "@/lib/match/occlusion";
import { sortedBoxes, toTimeline, type MatchBoxInput } from "@/lib/match/index-input";
import { cellHidden } from "@/lib/track/visibility";

export { hitTest };
export type { MatchBoxInput };

export interface MatchTrackInput {
  trackId: number;
  label: string;
  /** Boxes on the analysed frames where the track was seen (any order). */
  boxes: readonly MatchBoxInput[];
  /**
   * How long the last box stands after the track's last analysed frame (ms, exclusive): an analysed
   * frame stands for the frames up to the next one, so a track sampled at 5 fps keeps its last box
   * for 200 ms (analysisHoldMs) instead of vanishing at once, e.g. in a video's final frames. 0 (the
   * default) for tracks drawn by hand and for analyses of every frame.
   */
  holdMs?: number;
}

export interface MatchOptions {
  /** A miss this close to a box (video px) still matches it, with lower confidence. Default 4. */
  nearTolerancePx?: number;
  /** …or this fraction of the frame diagonal, whichever is larger (needs the frame size). Default 0.02. */
  nearToleranceFrac?: number;
}

export interface BuildVideoIndexInput {
  /**
   * The video's frames in display order: a lib/media Timeline, or each frame's ms from the first
   * frame (as ptsMsOf gives them and as track boxes store them).
   */
  timeline: Timeline | ArrayLike<number>;
  /** When the timeline lists only some frames (e.g. the analysed ones), their frame index in the video. */
  frameIndices?: ArrayLike<number>;
  tracks: readonly MatchTrackInput[];
  /** trackId → productId an admin attached. */
  trackProducts?: ReadonlyMap<number, number>;
  /** Frame size in video pixels (for the near-miss tolerance). */
  width?: number;
  height?: number;
  options?: MatchOptions;
}

interface IndexedTrack {
  trackId: number;
  label: string;
  boxes: ObservedBox[];
  holdMs: number;
}

export interface VideoIndex {
  readonly timeline: Timeline;
  readonly frameIndices: ArrayLike<number> | null;
  readonly trackCount: number;
  readonly trackProducts: ReadonlyMap<number, number>;
  readonly width: number | null;
  readonly height: number | null;
  /** Near-miss tolerance in video pixels. */
  readonly tolerancePx: number;
  /** Alive tracks by time span (first..last analysed box). */
  readonly tracks: IntervalTree<IndexedTrack>;
  /** "a:b" → > 0 when track a is in front of track b (lib/match/occlusion). */
  readonly depth: ReadonlyMap<string, number>;
}

export interface Match {
  trackId: number;
  label: string;
  /** [x, y, w, h] in video pixels at the frame's pts (interpolated between analysed frames). */
  box: Box;
  /** 0.6–1 inside a box (1 at its centre), below 0.5 for a near miss (→ 0 at the tolerance). */
  confidence: number;
  hit: "inside" | "near";
}

/** A box the engine shows on a frame; `observed` false: bridged over a detector miss (often hidden). */
export interface FrameBox {
  trackId: number;
  label: string;
  box: Box;
  observed: boolean;
  /** The nearest analysed box's hidden cells (lib/track/visibility.ts), if any, over that box (`cellsBox`, not `box`). */
  hiddenCells?: string;
  cellsBox?: Box;
}

export interface ClickMatch {
  /** The frame on screen at the click's time; null before the first frame or on an empty timeline. */
  frameIndex: number | null;
  ptsMs: number | null;
  match: Match | null;
  /** No match because the point is only on a hidden object's place (a bridged box): "nothing here". */
  hidden?: { trackId: number; label: string } | null;
}

export interface ClickInput {
  /** Video pixels. */
  x: number;
  y: number;
  /** Seconds of video time (player currentTime), counted from the first frame. */
  timestampS: number;
}

/**
 * A click time in ms is read as up to 1 ns later: seconds→ms conversion can land 1 ulp below a
 * frame's exact pts (e.g. 0.0333667 s × 1000), which would otherwise pick the previous frame.
 */
const TIME_EPS_MS = 1e-6;

/** The hold of an analysed track (see MatchTrackInput.holdMs): one sampling step, 0 for every frame or by hand. */
export function analysisHoldMs(source: "auto" | "manual" | string, analysisFps: number | null | undefined): number {
  return source === "auto" && typeof analysisFps === "number" && analysisFps > 0 ? 1000 / analysisFps : 0;
}

export function buildVideoIndex(input: BuildVideoIndexInput): VideoIndex {
  const timeline = toTimeline(input.timeline);
  if (input.frameIndices && input.frameIndices.length !== timeline.frameCount) {
    throw new RangeError(`frameIndices has ${input.frameIndices.length} entries for ${timeline.frameCount} frames`);
  }
  const entries: { start: number; end: number; value: IndexedTrack }[] = [];
  const width = input.width && input.width > 0 ? input.width : null;
  const height = input.height && input.height > 0 ? input.height : null;
  for (const t of input.tracks) {
    const boxes = sortedBoxes(t.boxes);
    const first = boxes[0];
    const last = boxes[boxes.length - 1];
    if (!first || !last) continue;
    const holdMs = t.holdMs !== undefined && Number.isFinite(t.holdMs) && t.holdMs > 0 ? t.holdMs : 0;
    entries.push({ start: first.ptsMs, end: last.ptsMs + holdMs, value: { trackId: t.trackId, label: t.label, boxes, holdMs } });
  }
  const opts = input.options ?? {};
  const diag = width && height ? Math.hypot(width, height) : 0;
  const tolerancePx = Math.max(opts.nearTolerancePx ?? 4, (opts.nearToleranceFrac ?? 0.02) * diag);
  return {
    timeline,
    frameIndices: input.frameIndices ?? null,
    trackCount: entries.length,
    trackProducts: input.trackProducts ?? new Map(),
    width,
    height,
    tolerancePx,
    tracks: new IntervalTree(entries),
    depth: depthOrder(entries.map((e) => ({ trackId: e.value.trackId, boxes: e.value.boxes })), width, height),
  };
}

/** The frame on screen at `timestampS` (last frame with pts ≤ t): its index and ms, or nulls. */
export function frameOnScreen(index: VideoIndex, timestampS: number): { frameIndex: number | null; ptsMs: number | null; position: number } {
  if (!Number.isFinite(timestampS)) throw new RangeError(`timestamp must be a finite number of seconds, got ${timestampS}`);
  const ms = timestampS * 1000 + TIME_EPS_MS;
  // frameAt takes the first frame to be at 0 ms; a list of analysed frames may start later.
  if (index.timeline.frameCount === 0 || ms < ptsMsOf(index.timeline, 0)) return { frameIndex: null, ptsMs: null, position: -1 };
  const pos = frameAt(index.timeline, ms);
  if (pos < 0) return { frameIndex: null, ptsMs: null, position: -1 };
  const frameIndex = index.frameIndices ? (index.frameIndices[pos] as number) : pos;
  return { frameIndex, ptsMs: ptsMsOf(index.timeline, pos), position: pos };
}

/** Every track's box at `ptsMs` (interpolated), for tracks alive then, with whether it was observed near then. */
export function boxesAt(index: VideoIndex, ptsMs: number): FrameBox[] {
  const out: FrameBox[] = [];
  for (const t of index.tracks.stab(ptsMs)) {
    const box = boxAt(t.boxes, ptsMs, t.holdMs);
    if (!box) continue;
    const at = bracket(t.boxes, ptsMs);
    const nearest = at.b && at.a && at.b.ptsMs - ptsMs < ptsMs - at.a.ptsMs ? at.b : at.a;
    const observed = !!at.a && at.a.observed && (at.a.ptsMs === ptsMs || !at.b || at.b.observed);
    out.push({ trackId: t.trackId, label: t.label, box, observed, ...(nearest?.hiddenCells ? { hiddenCells: nearest.hiddenCells, cellsBox: nearest.box } : {}) });
  }
  return out;
}

/**
 * The analysed boxes around `ptsMs`: the last at or before it and the next. A box there counts as seen
 * when that box was observed and, between two, both were (a hold keeps the last).
 */
function bracket(boxes: readonly ObservedBox[], ptsMs: number): { a: ObservedBox | undefined; b: ObservedBox | undefined } {
  let lo = 0;
  let hi = boxes.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((boxes[mid] as ObservedBox).ptsMs <= ptsMs) lo = mid;
    else hi = mid - 1;
  }
  return { a: boxes[lo], b: boxes[lo + 1] };
}

/**
 * Click (video pixels, seconds) → the frame on screen → the object under the point (docs/matching.md):
 * a box answers only where its object can be seen — observed (not bridged over a detector miss) and not
 * on a cell the analysis found hidden by something in front; among those containing the point the
 * object in front (occlusion evidence) wins, then the smallest box; else the nearest such box within
 * the tolerance. A point only on hidden places is a hidden object's place: no match, `hidden` says whose.
 */
export function matchClick(index: VideoIndex, click: ClickInput): ClickMatch {
  const frame = frameOnScreen(index, click.timestampS);
  if (frame.ptsMs === null) return { frameIndex: null, ptsMs: null, match: null };
  const boxes = boxesAt(index, frame.ptsMs);
  const seen = (b: FrameBox) => b.observed && !cellHidden(b.hiddenCells, b.cellsBox ?? b.box, click.x, click.y);
  const match = hitTest(boxes.filter(seen), click.x, click.y, index.tolerancePx, index.depth);
  const under = match ? null : boxes.find((b) => !seen(b) && containsPoint(b.box, click.x, click.y));
  return { frameIndex: frame.frameIndex, ptsMs: frame.ptsMs, match, ...(under ? { hidden: { trackId: under.trackId, label: under.label } } : {}) };
}

export interface PlayerClickInput extends PlayerPoint {
  timestampS: number;
}

export interface PlayerClickMatch extends ClickMatch {
  /** The point in video pixels (what the match used); `outside`: in the bars, never matched. */
  point: VideoPoint;
}

/** matchClick for a click in player pixels (or video pixels without a player size); the index supplies a missing video size. */
export function matchPlayerClick(index: VideoIndex, click: PlayerClickInput): PlayerClickMatch {
  const point = mapPlayerToVideo({
    ...click,
    videoWidth: click.videoWidth ?? index.width,
    videoHeight: click.videoHeight ?? index.height,
  });
  if (point.outside) {
    const frame = frameOnScreen(index, click.timestampS);
    return { frameIndex: frame.frameIndex, ptsMs: frame.ptsMs, match: null, point };
  }
  return { ...matchClick(index, { x: point.x, y: point.y, timestampS: click.timestampS }), point };
}

/** The product an admin attached to a track, if any. */
export function attachedProductId(index: VideoIndex, trackId: number): number | null {
  return index.trackProducts.get(trackId) ?? null;
}
