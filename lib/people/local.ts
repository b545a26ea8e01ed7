import fs from "node:fs/promises";
import path from "node:path";
import { detectLocalFile, writeAtomically } from "@/lib/analysis/local";
import { modelsRecord, type AnalysisStart } from "@/lib/analysis/run";
import { boxesByTrack, type AnalysisModel, type DetectionsDocument } from "@/lib/analysis/schema";
import type { BackendRequest } from "@/lib/detect/backend";
import type { Box } from "@/lib/geometry/views";
import type { PoseModel } from "@/lib/pose/movenet";
import { annotateActions } from "./annotate";
import { ACTION_MODEL, buildActionsDocument } from "./document";
import { poseTracks, type PersonTrack } from "./poses";
import type { ActionsDocument } from "./schema";

export interface ActionsToDirOptions {
  outDir: string;
  videoId: string;
  model?: AnalysisModel;
  poseModel?: PoseModel;
  fps?: number | null;
  backend?: BackendRequest;
  workers?: number;
  annotated?: boolean;
  onStart?: (info: AnalysisStart) => void;
  onProgress?: (phase: "analyse" | "pose" | "annotate", done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface ActionsToDirResult {
  document: ActionsDocument;
  detections: DetectionsDocument;
  actionsPath: string;
  annotatedPath: string | null;
  timings: { detectorStartMs: number; analyseMs: number; poseStartMs: number; poseMs: number; poses: number; annotateMs: number; totalMs: number };
}

export function actionsFileName(videoId: string): string {
  return `${videoId}_actions.json`;
}

/** The person tracks of a detections document, with their boxes at the analysed frames. */
export function personTracks(doc: DetectionsDocument): PersonTrack[] {
  const boxes = boxesByTrack(doc);
  return doc.tracks
    .filter((t) => t.label === "person")
    .map((t) => ({ trackId: t.trackId, firstMs: t.firstMs, lastMs: t.lastMs, boxes: (boxes.get(t.trackId) ?? []).map((b) => ({ ptsMs: b.ptsMs, box: b.box as Box })) }));
}

/**
 * `npm run analyze -- VIDEO --actions`: detect and track (as the objects analysis does), find the pose of
 * each person track on the same frames, classify actions, and write `<videoId>_actions.json` and
 * `<videoId>_actions.mp4` (skeletons, ids, current action) into a folder. No database needed.
 */
export async function actionsToDir(file: string, opts: ActionsToDirOptions): Promise<ActionsToDirResult> {
  const t0 = performance.now();
  await fs.mkdir(opts.outDir, { recursive: true });
  const { probe, timeline, result: det } = await detectLocalFile(file, opts);
  const pose = await poseTracks(file, {
    tracks: personTracks(det.document),
    probe,
    timeline,
    fps: det.document.analysisFps,
    model: opts.poseModel,
    backend: opts.backend,
    signal: opts.signal,
    onProgress: (d, t) => opts.onProgress?.("pose", d, t),
  });
  const models = modelsRecord(det.document.model);
  const document = buildActionsDocument(
    {
      videoId: opts.videoId,
      width: probe.width,
      height: probe.height,
      backend: pose.backend,
      analysisFps: det.document.analysisFps,
      models: { detector: det.document.model, tracker: models.tracker ?? "bytetrack", pose: pose.model, actions: ACTION_MODEL },
    },
    pose.frames,
  );
  const actionsPath = path.join(opts.outDir, actionsFileName(opts.videoId));
  await writeAtomically(actionsPath, (tmp) => fs.writeFile(tmp, JSON.stringify(document)));
  const t1 = performance.now();
  let annotatedPath: string | null = null;
  if (opts.annotated !== false) {
    annotatedPath = path.join(opts.outDir, `${opts.videoId}_actions.mp4`);
    await writeAtomically(annotatedPath, (tmp) =>
      annotateActions(file, tmp, document, { probe, timeline, signal: opts.signal, onFrame: (d, t) => opts.onProgress?.("annotate", d, t) }),
    );
  }
  const t2 = performance.now();
  return {
    document,
    detections: det.document,
    actionsPath,
    annotatedPath,
    timings: { detectorStartMs: det.timings.detectorStartMs, analyseMs: det.timings.analyseMs, poseStartMs: pose.timings.poseStartMs, poseMs: pose.timings.poseMs, poses: pose.timings.poses, annotateMs: Math.round(t2 - t1), totalMs: Math.round(t2 - t0) },
  };
}

