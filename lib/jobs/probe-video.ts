import { getVideo, saveTimeline, updateVideo } from "@/db/queries/videos";
import { MissingObjectError, safeKey, storage } from "@/lib/storage";
import { NotAVideoError } from "@/lib/media/errors";
import { extractFrame } from "@/lib/media/frames";
import { probeVideo } from "@/lib/media/probe";
import { encodeTimeline, isVfr, ptsMsOf } from "@/lib/media/timeline";
import { readTimeline } from "@/lib/media/timeline-read";
import { analyzeAfterProbe } from "@/lib/analysis/auto";
import { probeVideoSpec } from "./specs";
import { basePayload, defineTask, PermanentJobError } from "./task";

const THUMB_WIDTH = 480;

/**
 * After an upload: reads the video's exact timeline (pts of every frame, no picture decoding), stores
 * it compactly, fills in the video's metadata, renders a thumbnail, and marks the video ready. Every
 * step overwrites what a previous attempt may have written, so a retry is safe.
 */
export const probeVideoTask = defineTask({
  ...probeVideoSpec,
  async run(data, ctx) {
    const { videoId } = basePayload.parse(data);
    const video = await getVideo(videoId);
    if (!video) throw new PermanentJobError(`Video ${videoId} no longer exists`);
    await updateVideo(videoId, { status: "processing", error: null });
    const t0 = performance.now();
    const local = await storage().localPath(video.storageKey).catch((e: unknown) => {
      // Missing is final; storage being unreachable is worth a retry.
      if (e instanceof MissingObjectError) throw new PermanentJobError("The video file is missing from storage");
      throw e;
    });
    try {
      const probe = await probeVideo(local.path, { signal: ctx.signal });
      await ctx.progress(0, probe.frameCountEstimate || undefined);
      const timeline = await readTimeline(local.path, { probe, signal: ctx.signal });
      const tProbe = performance.now();
      if (timeline.truncated) throw new PermanentJobError("The file is truncated or damaged: some frames are missing");
      await ctx.progress(timeline.frameCount, timeline.frameCount);
      ctx.throwIfAborted();

      const enc = encodeTimeline(timeline);
      await saveTimeline({ videoId, timescale: enc.timescale, startPts: enc.startPts, frameCount: enc.frameCount, deltas: enc.deltas });

      // Thumbnail: the frame on screen a tenth into the video (skips black lead-ins), at most 1 s in.
      const lastMs = ptsMsOf(timeline, timeline.frameCount - 1);
      const frame = await extractFrame(local.path, Math.min(1000, lastMs / 10), {
        timeline,
        probe,
        format: "jpeg",
        width: Math.min(THUMB_WIDTH, probe.width),
        signal: ctx.signal,
      });
      const thumbnailKey = safeKey("thumbnails", `video-${videoId}.jpg`);
      await storage().put(thumbnailKey, frame.image, { contentType: "image/jpeg" });
      ctx.throwIfAborted();

      const durations = frameDurationRange(timeline.pts, timeline.timescale);
      await updateVideo(videoId, {
        // What a player reports as the duration: the container's, else the frames' own span.
        durationMs: Number.isFinite(probe.durationMs) ? probe.durationMs : lastMs + (durations?.lastMs ?? 0),
        width: probe.width,
        height: probe.height,
        codec: probe.codec,
        frameCount: timeline.frameCount,
        isVfr: isVfr(timeline),
        thumbnailKey,
        status: "ready",
        error: null,
      });
      return { timings: { probeMs: Math.round(tProbe - t0), totalMs: Math.round(performance.now() - t0) } };
    } catch (e) {
      if (e instanceof NotAVideoError) throw new PermanentJobError(`Not a video we can read: ${e.reason}`);
      throw e;
    } finally {
      await local.release();
    }
  },
  // Queues the object analysis once the video counts as ready (never throws).
  async onSucceeded(run) {
    await analyzeAfterProbe(run.videoId);
  },
  async onFinalFailure(run, error) {
    await updateVideo(run.videoId, { status: "failed", error });
  },
  async onCanceled(run) {
    const v = await getVideo(run.videoId);
    // A canceled probe leaves the video as uploaded (it can be probed again) unless it was ready already.
    if (v && v.status === "processing") await updateVideo(run.videoId, { status: "uploaded", error: "Processing was canceled" });
  },
});

/** The shortest and longest frame durations in ms, and the last one (for the displayed duration). */
export function frameDurationRange(pts: Float64Array, timescale: number): { minMs: number; maxMs: number; lastMs: number } | undefined {
  if (pts.length < 2) return undefined;
  let min = Infinity;
  let max = 0;
  for (let i = 1; i < pts.length; i++) {
    const d = (pts[i] as number) - (pts[i - 1] as number);
    if (d < min) min = d;
    if (d > max) max = d;
  }
  const last = (pts[pts.length - 1] as number) - (pts[pts.length - 2] as number);
  return { minMs: (min * 1000) / timescale, maxMs: (max * 1000) / timescale, lastMs: (last * 1000) / timescale };
}
