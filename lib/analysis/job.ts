import { setRunAnalysisInfo } from "@/db/queries/runs";
import type { TaskContext, TaskResult } from "@/lib/jobs/task";
import { getProbe, getTimeline } from "@/lib/media/timeline-read";
import { annotateVideo } from "./annotate";
import { jobVideoFile, permanentFailure, storeRunOutputs } from "./job-io";
import { attachDemoProducts, DEMO_VIDEO_ID } from "./demo-links";
import { runOutputKeys } from "./outputs";
import { persistRunTracks } from "./persist";
import { analyzeVideoFile, modelsRecord } from "./run";
import type { AnalysisModel } from "./schema";

export interface AnalyzeVideoJob {
  runId: number;
  videoId: number;
  model: AnalysisModel;
  fps?: number;
  annotate: boolean;
}

/**
 * The analyze-video task's work: analyse the stored video, store `<youtubeId>_detections.json` and
 * `annotated.mp4` under `videos/<id>/runs/<runId>/`, then replace the video's auto tracks. Nothing is
 * written to the database's tracks until everything else succeeded; every step overwrites what an
 * earlier attempt of the same run wrote, so a retry is safe.
 */
export async function runVideoAnalysis(job: AnalyzeVideoJob, ctx: TaskContext): Promise<TaskResult> {
  const t0 = performance.now();
  const { video, local } = await jobVideoFile(job.videoId);
  try {
    const probe = await getProbe(local.path, { signal: ctx.signal });
    const timeline = await getTimeline(local.path, { probe, signal: ctx.signal });
    // Progress counts the frames this run analyses (not the video's frames, not the annotation pass, which
    // runs ~30× faster and would make the fps and ETA jump), so done/total and the ETA mean one thing.
    let total = 0;
    const result = await analyzeVideoFile(local.path, {
      videoId: video.youtubeId,
      model: job.model,
      fps: job.fps,
      probe,
      timeline,
      signal: ctx.signal,
      onStart: async (s) => {
        total = s.framesPlanned;
        await setRunAnalysisInfo(ctx.runId, {
          backend: s.backend,
          models: modelsRecord(job.model),
          params: { model: job.model, analysisFps: s.analysisFps, workers: s.workers, backendVersion: s.backendVersion, framesPlanned: s.framesPlanned, annotate: job.annotate },
        });
        ctx.log(`${s.backend} × ${s.workers}: ${s.framesPlanned} of ${s.videoFrames} frames at ${s.analysisFps ?? "every"} fps`);
        await ctx.progress(0, total);
      },
      onProgress: (p) => void ctx.progress(p.framesDone, total),
    });
    const doc = result.document;
    ctx.throwIfAborted();

    const keys = runOutputKeys(video, ctx.runId);
    const { annotatedKey, annotateMs } = await storeRunOutputs(
      {
        jsonKey: keys.detections,
        annotatedKey: keys.annotated,
        doc,
        annotate: job.annotate
          ? (file) => annotateVideo(local.path, file, doc, { probe, timeline, signal: ctx.signal })
          : undefined,
      },
      ctx,
    );

    const t1 = performance.now();
    const saved = await persistRunTracks(video.id, ctx.runId, doc);
    const persistMs = Math.round(performance.now() - t1);
    for (const d of saved.linksDropped) ctx.log(`product ${d.productId} of replaced track ${d.oldTrackId} (${d.label}) matched no new track`);
    await linkDemoProducts(video, ctx);
    return {
      resultKey: keys.detections,
      annotatedKey,
      timings: {
        ...result.timings,
        annotateMs,
        persistMs,
        totalMs: Math.round(performance.now() - t0),
        framesAnalysed: doc.frames.length,
        videoFrames: timeline.frameCount,
        workers: result.start.workers,
        tracks: saved.tracks,
        boxes: saved.boxes,
        replacedTracks: saved.replaced,
        linksMoved: saved.linksMoved,
        linksDropped: saved.linksDropped.length,
      },
    };
  } catch (e) {
    throw permanentFailure(e, "The detector model");
  } finally {
    await local.release();
  }
}

/** The demo video's products are linked by class at once, so tracks and links land before the run counts as succeeded. */
async function linkDemoProducts(video: { id: number; youtubeId: string }, ctx: TaskContext): Promise<void> {
  if (video.youtubeId !== DEMO_VIDEO_ID) return;
  const n = await attachDemoProducts(video.id).catch((e: unknown) => {
    ctx.log(`demo products not attached: ${e instanceof Error ? e.message : String(e)}`);
    return 0;
  });
  ctx.log(`demo video: ${n} track(s) linked to demo products`);
}
