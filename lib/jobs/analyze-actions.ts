import { z } from "zod";
import { MODELS } from "@/lib/analysis/schema";
import { POSE_MODELS } from "@/lib/pose/models";
import { basePayload, defineTask } from "./task";

export const analyzeActionsPayload = basePayload.extend({
  /** Detector for the detection + tracking pass, when the video has no object analysis yet (or redetect). */
  detector: z.enum(MODELS).default("centernet"),
  poseModel: z.enum(POSE_MODELS).default("movenet-lightning"),
  /** Frames per second to pose; absent = the object analysis's rate, else the backend's default. */
  fps: z.number().positive().max(240).optional(),
  redetect: z.boolean().default(false),
  annotate: z.boolean().default(true),
});

/**
 * People and actions (lib/people/job.ts): MoveNet poses on the video's person tracks, action spans per
 * track; actions JSON and annotated MP4 in storage, poses and spans in the database.
 */
export const analyzeActionsTask = defineTask({
  name: "analyze-actions",
  kind: "actions",
  payload: analyzeActionsPayload,
  options: { retryLimit: 2, retryDelaySeconds: 30, retryBackoff: true, expireInSeconds: 6 * 3600, maxConcurrency: 1 },
  async run(data, ctx) {
    const job = analyzeActionsPayload.parse(data);
    const { runActionsAnalysis } = await import("@/lib/people/job");
    return runActionsAnalysis(job, ctx);
  },
});
