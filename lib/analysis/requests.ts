import { z } from "zod";
import { MODELS } from "./schema";

// Request schemas of the analysis routes.

/** POST /api/admin/videos/:id/analyze — every field optional ({} or an empty body = defaults). */
export const startAnalysisBody = z.strictObject({
  model: z.enum(MODELS).default("centernet"),
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
