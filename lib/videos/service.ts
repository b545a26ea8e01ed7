import { listActiveRunsForVideo } from "@/db/queries/runs";
import { deleteVideo, getVideo, listVideos, updateVideo } from "@/db/queries/videos";
import { isAdmin, shownToShoppers } from "./visibility";
import type { Video } from "@/db/schema";
import { InvalidInputError, NotFoundError } from "@/lib/errors";
import type { Identity } from "@/lib/auth/identity";
import { cancelRun } from "@/lib/jobs";
import { storage } from "@/lib/storage";
import { extractFrame } from "@/lib/media/frames";
import { frameDurations, isVfr, type Timeline } from "@/lib/media/timeline";
import { videoTimeline, withFrameSource } from "./frame-source";
import { storedFileResponse, toWebStream } from "@/lib/storage/http";

const CONTENT_TYPES: Record<string, string> = {
  mp4: "video/mp4",
  m4v: "video/mp4",
  mov: "video/quicktime",
  mkv: "video/x-matroska",
  webm: "video/webm",
  avi: "video/x-msvideo",
  ts: "video/mp2t",
  mpg: "video/mpeg",
  mpeg: "video/mpeg",
  ogv: "video/ogg",
  "3gp": "video/3gpp",
  flv: "video/x-flv",
};

/** A video the caller may see: admins see every video, everyone else only ready, published ones (else 404). */
export async function visibleVideo(id: number, identity: Identity | null): Promise<Video> {
  const v = await getVideo(id);
  if (!v || (!shownToShoppers(v) && !isAdmin(identity))) throw new NotFoundError("Video");
  return v;
}

/** The video list: every video (optionally by status) for admins, ready published ones for everyone else. */
export function listVisibleVideos(identity: Identity | null, q: { status?: Video["status"]; limit?: number; offset?: number }): Promise<Video[]> {
  if (isAdmin(identity)) return listVideos(q);
  return listVideos({ status: "ready", publishedOnly: true, limit: q.limit, offset: q.offset });
}

/** Publishes (shoppers see it) or unpublishes (back to draft) a video; `classSuggestions` turns catalogue-by-class products on or off. */
export async function setVideoShop(id: number, patch: { published?: boolean; classSuggestions?: boolean }): Promise<Video> {
  const v = await getVideo(id);
  if (!v) throw new NotFoundError("Video");
  const change: { publishedAt?: Date | null; classSuggestions?: boolean } = {};
  if (patch.published !== undefined) change.publishedAt = patch.published ? (v.publishedAt ?? new Date()) : null;
  if (patch.classSuggestions !== undefined) change.classSuggestions = patch.classSuggestions;
  const row = Object.keys(change).length ? await updateVideo(id, change) : v;
  if (!row) throw new NotFoundError("Video");
  // The click path caches a video's row for 5 s, so a change reaches the extension within that.
  return row;
}

export { toWebStream };

/** The stored file with HTTP Range support (206 / 416), for the player. */
export function fileResponse(video: Video, req: Request): Promise<Response> {
  const ext = video.storageKey.split(".").pop() ?? "";
  return storedFileResponse(req, video.storageKey, {
    contentType: CONTENT_TYPES[ext] ?? "application/octet-stream",
    etag: `v${video.id}`,
    missing: "Video file not found",
  });
}

export { videoTimeline };

export function timelineStats(t: Timeline) {
  const d = frameDurations(t);
  let min = Infinity;
  let max = 0;
  for (const x of d) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const fps = (ticks: number) => (ticks > 0 && Number.isFinite(ticks) ? t.timescale / ticks : null);
  const spanMs = t.frameCount > 1 ? (((t.pts[t.frameCount - 1] as number) - t.startPts) * 1000) / t.timescale : 0;
  return {
    frameCount: t.frameCount,
    isVfr: isVfr(t),
    spanMs,
    minFrameMs: d.length ? (min * 1000) / t.timescale : null,
    maxFrameMs: d.length ? (max * 1000) / t.timescale : null,
    minFps: d.length ? fps(max) : null,
    maxFps: d.length ? fps(min) : null,
    avgFps: spanMs > 0 ? ((t.frameCount - 1) * 1000) / spanMs : null,
  };
}

/** The exact frame on screen at `ms`, as JPEG or PNG. */
export async function frameResponse(video: Video, ms: number, format: "jpeg" | "png", width?: number): Promise<Response> {
  // Local: the file's own timeline (cached by path, keyframes for a fast seek); S3: byte ranges.
  const frame = await withFrameSource(video, (src) => extractFrame(src.file, ms, { format, width, timeline: src.timeline, probe: src.probe })).catch((e: unknown) => {
    if (e instanceof RangeError) throw new InvalidInputError(e.message);
    throw e;
  });
  return new Response(new Uint8Array(frame.image), {
    headers: {
      "content-type": format === "png" ? "image/png" : "image/jpeg",
      "content-length": String(frame.image.length),
      "x-frame-index": String(frame.index),
      "x-frame-pts-ms": String(frame.ptsMs),
      "cache-control": "private, max-age=3600",
    },
  });
}

/** Cancels the video's running jobs, deletes its row (timeline, runs, tracks cascade) and its files. */
export async function removeVideo(id: number): Promise<Video> {
  const v = await getVideo(id);
  if (!v) throw new NotFoundError("Video");
  for (const run of await listActiveRunsForVideo(id)) await cancelRun(run.id);
  const gone = await deleteVideo(id);
  if (!gone) throw new NotFoundError("Video");
  for (const key of [gone.storageKey, gone.thumbnailKey]) {
    if (key) await storage().delete(key).catch((e: unknown) => console.error(`[videos] could not delete ${key}`, e));
  }
  return gone;
}

// The video rows pages and route handlers read, through this service rather than db/ directly.
export { getVideo, listVideos } from "@/db/queries/videos";

/** The video, or NotFoundError (404) when there is none with this id. */
export async function getVideoOrThrow(id: number): Promise<Video> {
  const v = await getVideo(id);
  if (!v) throw new NotFoundError("Video");
  return v;
}
