import { z } from "zod";

// Request schemas shared by the video routes and forms.

const num = (s: z.ZodNumber) => z.string().trim().regex(/^-?\d+(\.\d+)?$/, "must be a number").transform(Number).pipe(s);

export const frameQuery = z.object({
  /** ms from the first frame, as a player's currentTime × 1000. */
  t: num(z.number().min(0, "must be ≥ 0").max(7 * 24 * 3600 * 1000)),
  format: z.enum(["jpeg", "jpg", "png"]).default("jpeg").transform((f) => (f === "jpg" ? "jpeg" : f)),
  w: num(z.number().int().min(16).max(4096)).optional(),
});

export const listQuery = z.object({
  status: z.enum(["uploaded", "processing", "ready", "failed"]).optional(),
  limit: num(z.number().int().min(1).max(500)).optional(),
  offset: num(z.number().int().min(0)).optional(),
});

export const startRunBody = z.object({ task: z.enum(["probe-video"]) });

/** PATCH /api/admin/videos/:id/shop: publish or unpublish, class suggestions on or off. */
export const videoShopBody = z.object({ published: z.boolean().optional(), classSuggestions: z.boolean().optional() }).strict();
