import { z } from "zod";
import type { Product } from "@/db/schema";

const px = z.number().finite().min(0).max(100_000);
const size = z.number().finite().positive().max(100_000);

/** One click as the extension (and the original system) sends it; unknown fields are refused. */
export const clickSchema = z
  .object({
    x: px,
    y: px,
    /** Seconds of video time (the player's currentTime). */
    timestamp: z.number().finite().min(0).max(7 * 24 * 3600),
    /** As taken from the watch URL; may carry `&list=…&index=…`. */
    videoId: z.string().trim().min(1).max(512),
    playerWidth: size.optional(),
    playerHeight: size.optional(),
    videoWidth: size.int().optional(),
    videoHeight: size.int().optional(),
    deviceId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{8,64}$/, "deviceId must be 8–64 characters of A–Z, a–z, 0–9, _ or -")
      .optional(),
  })
  .strict()
  .refine((c) => (c.playerWidth === undefined) === (c.playerHeight === undefined), {
    message: "Send playerWidth and playerHeight together",
    path: ["playerWidth"],
  });

export const MAX_BATCH = 50;
export const clickBodySchema = z.union([clickSchema, z.array(clickSchema).min(1).max(MAX_BATCH)]);
export const CLICK_BODY_LIMIT = 32 * 1024;

export type ClickBody = z.infer<typeof clickSchema>;

export const clickMatchSchema = z.object({
  trackId: z.number().int(),
  label: z.string(),
  box: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  frameIndex: z.number().int(),
  ptsMs: z.number(),
  confidence: z.number(),
});

export const clickProductSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  priceCents: z.number().int(),
  currency: z.string(),
  imageUrl: z.string().nullable(),
  url: z.string(),
  inStock: z.boolean(),
});

/** A product in a click's answer: `attached` by an admin to the clicked track, or a `class` suggestion (a catalogue rule by label). */
export const clickAnswerProductSchema = clickProductSchema.extend({ source: z.enum(["attached", "class"]) });

/** What POST /api/clicks answers per click (parsed on the way out so no internal column leaks). */
export const clickResultSchema = z.object({
  clickId: z.number().int(),
  /**
   * matched | no_match | pending (the video is not analysed yet; matched when it is) | outside (black
   * bars) | unpublished (a known video not published yet: stored for analytics, no shop answer)
   */
  status: z.enum(["matched", "no_match", "pending", "outside", "unpublished"]),
  frameIndex: z.number().int().nullable(),
  ptsMs: z.number().nullable(),
  match: clickMatchSchema.nullable(),
  products: z.array(clickAnswerProductSchema),
  /** What to tell the shopper when there is no product: "Nothing here", "No shop for this video yet". */
  message: z.string().nullable().default(null),
  /** false: the server has no video with this id (the extension then stops sending clicks for it for a while). */
  videoKnown: z.boolean().default(true),
});

export type ClickResult = z.infer<typeof clickResultSchema>;
export type ClickProduct = z.infer<typeof clickProductSchema>;
export type ClickAnswerProduct = z.infer<typeof clickAnswerProductSchema>;

/** A catalogue product as a click (or the video page) shows it. */
export function clickProductDto(p: Product): ClickProduct {
  return {
    id: p.id,
    name: p.name,
    priceCents: p.priceCents,
    currency: p.currency,
    imageUrl: p.imageKey ? `/api/products/${p.id}/image` : null,
    url: `/products/${p.id}`,
    inStock: p.stock > 0,
  };
}
