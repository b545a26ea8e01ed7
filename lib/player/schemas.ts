import { z } from "zod";
import { clickProductSchema } from "@/lib/clicks/schemas";

// The compact overlay a shopper's player needs (GET /api/videos/:id/overlay): the exact timeline in
// ticks, every track's boxes on its analysed frames, and the attached products. Shared by server and client.

const box = z.tuple([z.number(), z.number(), z.number(), z.number()]);

export const overlayTrackSchema = z.object({
  id: z.number().int(),
  label: z.string(),
  productId: z.number().int().nullable(),
  /** The last box stands this long after the last analysed frame (one sampling step; 0 for manual tracks). */
  holdMs: z.number().nonnegative().default(0),
  /** [ptsMs, x, y, w, h] per analysed frame, pts order; video pixels, ms from the first frame. */
  boxes: z.array(z.tuple([z.number(), z.number(), z.number(), z.number(), z.number()])),
  /** Pts of the boxes that start an outside span (CVAT's "outside": no box from there until the next box). */
  outsideMs: z.array(z.number()).default([]),
});

/** The product card a click answers with, plus where the product appears in this video. */
export const overlayProductSchema = clickProductSchema.extend({
  trackIds: z.array(z.number().int()),
  /** Merged [fromMs, toMs] spans in which one of its tracks is on screen. */
  ranges: z.array(z.tuple([z.number(), z.number()])),
  /** The frame where its box is largest (area × score): for the thumbnail and "jump to moment". */
  best: z.object({ ptsMs: z.number(), box }).nullable(),
});

export const overlaySchema = z.object({
  videoId: z.number().int(),
  youtubeId: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  /** Latest succeeded object analysis; null when the video has not been analysed yet. */
  runId: z.number().int().nullable(),
  timeline: z.object({ timescale: z.number(), startPts: z.number(), pts: z.array(z.number()) }).nullable(),
  tracks: z.array(overlayTrackSchema),
  products: z.array(overlayProductSchema),
});

export type Overlay = z.infer<typeof overlaySchema>;
export type OverlayTrack = z.infer<typeof overlayTrackSchema>;
export type OverlayProduct = z.infer<typeof overlayProductSchema>;
