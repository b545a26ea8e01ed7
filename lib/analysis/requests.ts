import { z } from "zod";
import { POSE_MODELS } from "@/lib/pose/models";
import { MODELS } from "./schema";

// Request schemas of the analysis routes.

/** POST /api/admin/videos/:id/analyze — every field optional ({} or an empty body = defaults). */
export const startAnalysisBody = z.strictObject({
  /** objects: detection + tracking; actions: poses and actions of the person tracks (lib/people). */
  type: z.enum(["objects", "actions"]).default("objects"),
  /** The detector (for actions: used when the video has no object analysis yet, or with redetect). */
  model: z.enum(MODELS).default("centernet"),
  tracker: z.enum(["bytetrack"]).default("bytetrack"),
  /** actions only: the pose model and the action classifier. */
  poseModel: z.enum(POSE_MODELS).default("movenet-lightning"),
  actionModel: z.enum(["keypoint-rules-v1"]).default("keypoint-rules-v1"),
  /** actions only: detect and track again first even when an object analysis exists. */
  redetect: z.boolean().default(false),
  /** Frames per second of video to analyse; absent = ANALYSIS_FPS, else the backend's default. */
  fps: z.number().positive().max(240).optional(),
  /** Render annotated.mp4 too (default true). */
  annotate: z.boolean().default(true),
});

/** GET …/detections and …/annotated: `?run=<id>` picks a run (default: the latest succeeded), `?download=1` asks for a file. */
export const resultQuery = z.object({
  run: z
    .string()
    .regex(/^\d{1,9}$/, "must be a run id")
    .transform(Number)
    .optional(),
  download: z.enum(["1", "0", "true", "false"]).transform((v) => v === "1" || v === "true").optional(),
});
