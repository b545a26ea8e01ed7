import type { Detector } from "@/lib/detect/detector";
import type { DetectorPool } from "@/lib/detect/pool";
import type { DetectOptions, Detection } from "@/lib/detect/types";
import { CONFIRM_RULES, confirmTrack } from "@/lib/track/confirm";
import { createTracker, DEFAULT_TRACKER } from "@/lib/track/tracker";
import type { TrackBox, TrackedObject, TrackerOptions, TrackSummary } from "@/lib/track/types";
import { toGray, VisibilityPass, type GrayFrame } from "@/lib/track/visibility";

/** A decoded frame as lib/media's decodeFrames yields it (raw RGB24, exact pts). */
export interface AnalysisFrameInput {
  index: number;
  ptsMs: number;
  width: number;
  height: number;
  data: Uint8Array;
}

export interface AnalysisProgress {
  framesDone: number;
  ptsMs: number;
  activeTracks: number;
}

export interface AnalyzeOptions {
  /** Worker pool (parallel) or an in-thread detector; one of them is required. */
  pool?: DetectorPool;
  detector?: Detector;
  detect?: DetectOptions;
  tracker?: TrackerOptions;
  onProgress?: (p: AnalysisProgress) => void;
  signal?: AbortSignal;
  /** Frames handed to the pool ahead of the tracker (default 2 per worker: one running, one queued). */
  maxInFlight?: number;
  /** Mark the cells of each box where something in front hides the object (lib/track/visibility.ts). Default true. */
  visibility?: boolean;
}

export interface AnalysisFrame {
  index: number;
  ptsMs: number;
  objects: TrackedObject[];
}

/** The content of `<videoId>_detections.json` without the video header. */
export interface AnalysisResult {
  frames: AnalysisFrame[];
  tracks: TrackSummary[];
  /** Boxes per track id (string keys, as in JSON) on every analysed frame where the track was seen. */
  trackBoxes: Record<string, TrackBox[]>;
}

/**
 * Detects and tracks objects over an ordered stream of frames. With a pool, decoding of the next
 * frames overlaps inference of earlier ones: up to `maxInFlight` frames are in the workers while
 * the tracker consumes results in frame order.
 */
export async function analyzeFrames(frames: AsyncIterable<AnalysisFrameInput> | Iterable<AnalysisFrameInput>, opts: AnalyzeOptions): Promise<AnalysisResult> {
  const { pool, detector, signal, onProgress } = opts;
  if (!pool && !detector) throw new TypeError("analyzeFrames needs a pool or a detector");
  const trackerOpts = opts.tracker ?? {};
  const tracker = createTracker(trackerOpts);
  // Weak detections feed the tracker's second stage, so the detector keeps down to its low threshold.
  const detectOpts: DetectOptions = { minScore: trackerOpts.lowScore ?? DEFAULT_TRACKER.lowScore, ...opts.detect, features: true };
  const maxInFlight = Math.max(1, opts.maxInFlight ?? (pool ? pool.size * 2 : 1));

  const seen: { index: number; ptsMs: number }[] = [];
  let size = { width: 0, height: 0 };
  const queue: { index: number; ptsMs: number; gray: GrayFrame | null; result: Promise<Detection[]> }[] = [];
  let active = 0;
  const visibility = opts.visibility === false ? null : new VisibilityPass();

  const consume = async (): Promise<void> => {
    const head = queue.shift();
    if (!head) return;
    const detections = await head.result;
    const tracked = tracker.update(head.ptsMs, detections, head.index);
    active = tracked.length;
    visibility?.frame(head.gray, head.index, tracked, detections.map((d) => d.box));
    seen.push({ index: head.index, ptsMs: head.ptsMs });
    onProgress?.({ framesDone: seen.length, ptsMs: head.ptsMs, activeTracks: active });
  };

  try {
    for await (const frame of frames) {
      signal?.throwIfAborted();
      const input = { data: frame.data, width: frame.width, height: frame.height };
      size = { width: frame.width, height: frame.height };
      // The grey picture is taken before the pool takes the frame's buffer.
      const gray = visibility && frame.width > 0 && frame.data.length >= frame.width * frame.height * 3 ? toGray(frame.data, frame.width, frame.height) : null;
      const result = pool ? pool.detect(input, { ...detectOpts, transfer: true }) : (detector as Detector).detect(input, detectOpts);
      // Keep rejections from surfacing as unhandled while the promise waits in the queue.
      result.catch(() => undefined);
      queue.push({ index: frame.index, ptsMs: frame.ptsMs, gray, result });
      while (queue.length >= maxInFlight) await consume();
    }
    while (queue.length > 0) {
      signal?.throwIfAborted();
      await consume();
    }
  } finally {
    // Nothing else may be awaited after a failure; pending pool results are simply dropped.
    queue.length = 0;
  }

  return buildResult(seen, tracker.finish(), { ...size, tiles: detectOpts.tiles ?? true }, visibility);
}

/** One analysed frame's detections, as the detector returned them. */
export interface DetectedFrame {
  index: number;
  ptsMs: number;
  detections: Detection[];
}

/** Tracks detections that are already computed (e.g. cached), exactly as analyzeFrames does after the detector. */
export function trackDetections(frames: Iterable<DetectedFrame>, opts: Pick<AnalyzeOptions, "tracker"> & { width: number; height: number; tiles?: boolean }): AnalysisResult {
  const tracker = createTracker(opts.tracker ?? {});
  const seen: { index: number; ptsMs: number }[] = [];
  for (const f of frames) {
    tracker.update(f.ptsMs, f.detections, f.index);
    seen.push({ index: f.index, ptsMs: f.ptsMs });
  }
  return buildResult(seen, tracker.finish(), { width: opts.width, height: opts.height, tiles: opts.tiles ?? true });
}

function buildResult(
  seen: { index: number; ptsMs: number }[],
  finished: ReturnType<ReturnType<typeof createTracker>["finish"]>,
  view: { width: number; height: number; tiles: boolean },
  visibility?: VisibilityPass | null,
): AnalysisResult {
  const byIndex = new Map<number, AnalysisFrame>();
  const frames = seen.map((f) => {
    const frame: AnalysisFrame = { index: f.index, ptsMs: f.ptsMs, objects: [] };
    byIndex.set(f.index, frame);
    return frame;
  });
  const trackBoxes: Record<string, TrackBox[]> = {};
  const tracks: TrackSummary[] = [];
  for (const t of finished) {
    // Unconfirmed tracks stay in the result, marked, so an admin can still show and keep them.
    const shown = confirmTrack(t, view, { ...CONFIRM_RULES, tiles: view.tiles }).confirmed;
    tracks.push({ trackId: t.trackId, label: t.label, firstMs: t.firstMs, lastMs: t.lastMs, ...(shown ? {} : { hidden: true as const }) });
    const boxes = t.boxes.map((b): TrackBox => {
      const hiddenCells = b.observed === false ? undefined : visibility?.maskOf(t.trackId, b.frameIndex);
      return hiddenCells ? { ...b, hiddenCells } : b;
    });
    trackBoxes[String(t.trackId)] = boxes;
    // Frames list every track box, including those seen before the track was confirmed.
    for (const b of boxes) {
      byIndex.get(b.frameIndex)?.objects.push({ trackId: t.trackId, label: t.label, score: b.score, box: b.box, ...(b.observed === false ? { observed: false } : {}), ...(b.hiddenCells ? { hiddenCells: b.hiddenCells } : {}) });
    }
  }
  for (const f of frames) f.objects.sort((a, b) => a.trackId - b.trackId);
  return { frames, tracks, trackBoxes };
}
