import { z } from "zod";
import type { AnalysisRun, Video } from "@/db/schema";

// Output shapes: parsed on the way out so internal columns (storage keys, uploader) never leak.

const iso = z.date().transform((d) => d.toISOString());

export const publicVideoSchema = z.object({
  id: z.number(),
  youtubeId: z.string(),
  sourceUrl: z.string().nullable(),
  listId: z.string().nullable(),
  listIndex: z.number().nullable(),
  title: z.string(),
  durationMs: z.number().nullable(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  frameCount: z.number().nullable(),
  isVfr: z.boolean().nullable(),
  status: z.enum(["uploaded", "processing", "ready", "failed"]),
  createdAt: iso,
});

export const adminVideoSchema = publicVideoSchema.extend({
  originalName: z.string().nullable(),
  sizeBytes: z.number(),
  codec: z.string().nullable(),
  error: z.string().nullable(),
  hasThumbnail: z.boolean(),
  /** null: a draft shoppers do not see. */
  publishedAt: iso.nullable(),
  /** Products by class ("Looks like a person") are offered where no product is attached. */
  classSuggestions: z.boolean(),
});

export type PublicVideo = z.output<typeof publicVideoSchema>;
export type AdminVideo = z.output<typeof adminVideoSchema>;

export function toPublicVideo(v: Video): PublicVideo & { thumbnailUrl: string | null } {
  return { ...publicVideoSchema.parse(v), thumbnailUrl: v.thumbnailKey ? thumbnailUrl(v) : null };
}

export function toAdminVideo(v: Video): AdminVideo & { thumbnailUrl: string | null } {
  return { ...adminVideoSchema.parse({ ...v, hasThumbnail: v.thumbnailKey !== null }), thumbnailUrl: v.thumbnailKey ? thumbnailUrl(v) : null };
}

function thumbnailUrl(v: Video): string {
  // The thumbnail is the exact frame at 0 ms or a little later; the frame route serves (and caches) it.
  return `/api/videos/${v.id}/thumbnail`;
}

export const runSchema = z.object({
  id: z.number(),
  videoId: z.number(),
  kind: z.enum(["probe", "objects", "actions"]),
  status: z.enum(["queued", "running", "succeeded", "failed", "canceled"]),
  framesDone: z.number(),
  framesTotal: z.number().nullable(),
  fps: z.number().nullable(),
  etaSeconds: z.number().nullable(),
  error: z.string().nullable(),
  backend: z.string().nullable(),
  models: z.record(z.string(), z.string()),
  task: z.string().nullable(),
  /** The worker process on the current attempt (host:pid:nonce); host is the container id in Docker. */
  worker: z.string().nullable(),
  startedAt: iso.nullable(),
  finishedAt: iso.nullable(),
  createdAt: iso,
});

export type RunDto = z.output<typeof runSchema>;

export function toRun(r: AnalysisRun): RunDto {
  return runSchema.parse({ ...r, task: typeof r.params.task === "string" ? r.params.task : null });
}
