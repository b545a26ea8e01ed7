import { z } from "zod";
import { MODELS } from "@/lib/analysis/schema";
import { basePayload, defineTask } from "./task";

export const analyzeVideoPayload = basePayload.extend({
  model: z.enum(MODELS).default("centernet"),
  /** Frames per second of video to analyse; absent = ANALYSIS_FPS, else the backend's default. */
  fps: z.number().positive().max(240).optional(),
  /** Also render annotated.mp4. */
  annotate: z.boolean().default(true),
});

/**
 * Object detection and tracking of an uploaded video (lib/analysis/job.ts): detections JSON and
 * annotated MP4 in storage, the video's auto tracks replaced. The detector is loaded only when a job
 * runs, so importing the task list stays light.
 */
export const analyzeVideoTask = defineTask({
  name: "analyze-video",
  kind: "objects",
  payload: analyzeVideoPayload,
  // One at a time per process: the detector pool already uses every core. Long videos on CPU take hours.
  options: { retryLimit: 2, retryDelaySeconds: 30, retryBackoff: true, expireInSeconds: 6 * 3600, maxConcurrency: 1 },
  async run(data, ctx) {
    const job = analyzeVideoPayload.parse(data);
    const { runVideoAnalysis } = await import("@/lib/analysis/job");
    return runVideoAnalysis(job, ctx);
  },
});
