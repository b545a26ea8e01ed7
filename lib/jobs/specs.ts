import { z } from "zod";
import { MODELS } from "@/lib/analysis/schema";
import { POSE_MODELS } from "@/lib/pose/models";
import { basePayload, defineTaskSpec } from "./task";

// What queueing a task needs (name, payload schema, retry settings) apart from the code that works it
// (lib/jobs/<task>.ts, listed in registry.ts): domain services enqueue through lib/jobs/queue.ts and
// so never import the work of a task, which itself calls those services — no import loop.

/** After an upload: the video's exact timeline, metadata and thumbnail (lib/jobs/probe-video.ts). */
export const probeVideoSpec = defineTaskSpec({
  name: "probe-video",
  kind: "probe",
  payload: basePayload,
  options: { retryLimit: 3, retryDelaySeconds: 5, retryBackoff: true, expireInSeconds: 15 * 60 },
});

export const analyzeVideoPayload = basePayload.extend({
  model: z.enum(MODELS).default("centernet"),
  /** Frames per second of video to analyse; absent = ANALYSIS_FPS, else the backend's default. */
  fps: z.number().positive().max(240).optional(),
  /** Also render annotated.mp4. */
  annotate: z.boolean().default(true),
});

/** Object detection and tracking of a video (lib/jobs/analyze-video.ts). */
export const analyzeVideoSpec = defineTaskSpec({
  name: "analyze-video",
  kind: "objects",
  payload: analyzeVideoPayload,
  // One at a time per process: the detector pool already uses every core. Long videos on CPU take hours.
  options: { retryLimit: 2, retryDelaySeconds: 30, retryBackoff: true, expireInSeconds: 6 * 3600, maxConcurrency: 1 },
});

export const analyzeActionsPayload = basePayload.extend({
  /** Detector for the detection + tracking pass, when the video has no object analysis yet (or redetect). */
  detector: z.enum(MODELS).default("centernet"),
  poseModel: z.enum(POSE_MODELS).default("movenet-lightning"),
  /** Frames per second to pose; absent = the object analysis's rate, else the backend's default. */
  fps: z.number().positive().max(240).optional(),
  redetect: z.boolean().default(false),
  annotate: z.boolean().default(true),
});

/** People and actions: poses on person tracks, action spans (lib/jobs/analyze-actions.ts). */
export const analyzeActionsSpec = defineTaskSpec({
  name: "analyze-actions",
  kind: "actions",
  payload: analyzeActionsPayload,
  options: { retryLimit: 2, retryDelaySeconds: 30, retryBackoff: true, expireInSeconds: 6 * 3600, maxConcurrency: 1 },
});

export const TASK_SPECS = [probeVideoSpec, analyzeVideoSpec, analyzeActionsSpec] as const;

export type TaskName = (typeof TASK_SPECS)[number]["name"];
/** What enqueue() takes for a task: its payload without runId (the run is created by enqueue). */
export type EnqueuePayload<N extends TaskName> = Omit<z.input<Extract<(typeof TASK_SPECS)[number], { name: N }>["payload"]>, "runId">;
