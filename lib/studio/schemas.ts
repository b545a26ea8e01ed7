import { z } from "zod";
import { labelSchema } from "@/lib/catalogue/labels";

// Request bodies of the studio API (one schema each, shared by route handlers and the studio UI).

/** A COCO class or any short free label (jacket, sneaker, lamp), normalised (lib/catalogue/labels.ts). */
const label = labelSchema;
// Ids are int4 in the database: a bigger number is a 422, never a query error.
const id = z.number().int().positive().max(2_147_483_647);
export const frameIndexSchema = z.number().int().min(0, "must be ≥ 0").max(2_147_483_647);
/** [x, y, w, h] in video pixels; checked against the frame size by the service. */
export const boxSchema = z.tuple([z.number().finite(), z.number().finite(), z.number().finite().positive("width must be > 0"), z.number().finite().positive("height must be > 0")]);

export const trackLabelBody = z.strictObject({ label });
/** hidden: false shows an unconfirmed track to shoppers; true hides a track. */
export const trackVisibilityBody = z.strictObject({ hidden: z.boolean() });
export const trackProductBody = z.strictObject({ productId: id });
export const mergeBody = z.strictObject({ keepId: id, mergeId: id }).refine((b) => b.keepId !== b.mergeId, { message: "A track cannot be merged with itself", path: ["mergeId"] });
export const splitBody = z.strictObject({ frameIndex: frameIndexSchema });
export const manualTrackBody = z.strictObject({ label, frameIndex: frameIndexSchema, box: boxSchema });
export const keyframeBody = z.strictObject({ frameIndex: frameIndexSchema, box: boxSchema });
/** Sets (true) or clears (false) CVAT's outside flag at the frame on screen at ptsMs (ms from the first frame). */
export const outsideBody = z.strictObject({ ptsMs: z.number().finite().min(0, "must be ≥ 0"), outside: z.boolean() });
export const keyframeQuery = z.object({ frameIndex: z.coerce.number().int().min(0, "must be ≥ 0") });
/** Frames to follow forward; bounded so one request stays a few seconds of decoding. */
export const followBody = z.strictObject({ frames: z.number().int().min(1).max(600).default(60), minScore: z.number().min(0).max(1).optional() });
export const tracksQuery = z.object({ boxes: z.enum(["0", "1"]).default("0") });

export type Box4 = z.infer<typeof boxSchema>;
