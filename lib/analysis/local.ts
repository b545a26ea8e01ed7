import fs from "node:fs/promises";
import path from "node:path";
import type { BackendRequest } from "@/lib/detect/backend";
import { getProbe, getTimeline } from "@/lib/media/timeline-read";
import { annotateVideo } from "./annotate";
import { analyzeVideoFile, type AnalysisStart } from "./run";
import type { AnalysisModel, DetectionsDocument } from "./schema";

export interface AnalyzeToDirOptions {
  outDir: string;
  videoId: string;
  model?: AnalysisModel;
  fps?: number | null;
  backend?: BackendRequest;
  workers?: number;
  /** Also write annotated.mp4 (default true). */
  annotated?: boolean;
  onStart?: (info: AnalysisStart) => void;
  onProgress?: (phase: "analyse" | "annotate", done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface AnalyzeToDirResult {
  document: DetectionsDocument;
  start: AnalysisStart;
  detectionsPath: string;
  annotatedPath: string | null;
  timings: { detectorStartMs: number; analyseMs: number; annotateMs: number; totalMs: number };
}

/** The detections file name for a video id (the id is validated by the document schema already). */
export function detectionsFileName(videoId: string): string {
  return `${videoId}_detections.json`;
}

/** Probe, exact timeline, then detection + tracking of a local file: how both `npm run analyze` modes begin. */
export async function detectLocalFile(
  file: string,
  opts: Pick<AnalyzeToDirOptions, "videoId" | "model" | "fps" | "backend" | "workers" | "onStart" | "signal"> & {
    onProgress?: (phase: "analyse", done: number, total: number) => void;
  },
) {
  const probe = await getProbe(file, opts);
  const timeline = await getTimeline(file, { probe, signal: opts.signal });
  const result = await analyzeVideoFile(file, {
    videoId: opts.videoId,
    model: opts.model,
    fps: opts.fps,
    backend: opts.backend,
    workers: opts.workers,
    probe,
    timeline,
    signal: opts.signal,
    onStart: opts.onStart,
    onProgress: (p) => opts.onProgress?.("analyse", p.framesDone, p.framesTotal),
  });
  return { probe, timeline, result };
}

/**
 * What `npm run analyze` does, without a database: analyse a file, write `<videoId>_detections.json`
 * and `annotated.mp4` into a folder (each written to a temp name first, then renamed into place).
 */
export async function analyzeToDir(file: string, opts: AnalyzeToDirOptions): Promise<AnalyzeToDirResult> {
  const t0 = performance.now();
  await fs.mkdir(opts.outDir, { recursive: true });
  const { probe, timeline, result } = await detectLocalFile(file, opts);
  const detectionsPath = path.join(opts.outDir, detectionsFileName(opts.videoId));
  await writeAtomically(detectionsPath, (tmp) => fs.writeFile(tmp, JSON.stringify(result.document)));
  let annotatedPath: string | null = null;
  const t1 = performance.now();
  if (opts.annotated !== false) {
    annotatedPath = path.join(opts.outDir, "annotated.mp4");
    await writeAtomically(annotatedPath, (tmp) =>
      annotateVideo(file, tmp, result.document, { probe, timeline, signal: opts.signal, onFrame: (d, t) => opts.onProgress?.("annotate", d, t) }),
    );
  }
  const t2 = performance.now();
  return {
    document: result.document,
    start: result.start,
    detectionsPath,
    annotatedPath,
    timings: { ...result.timings, annotateMs: Math.round(t2 - t1), totalMs: Math.round(t2 - t0) },
  };
}

/** Writes `target` through a temporary file renamed into place, so a crash never leaves half a file. */
export async function writeAtomically(target: string, write: (tmp: string) => Promise<unknown>): Promise<void> {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp${path.extname(target)}`);
  try {
    await write(tmp);
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}
