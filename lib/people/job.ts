import { createRun, finishRun, getRun, latestSucceededObjectsRun, markRunStarted, setRunAnalysisInfo } from "@/db/queries/runs";
import { listPersonTracksWithBoxes, replaceRunActions } from "@/db/queries/actions";
import type { AnalysisRun } from "@/db/schema";
import { afterObjectsRunSucceeded } from "@/lib/analysis/follow-up";
import { runVideoAnalysis } from "@/lib/analysis/job";
import { jobVideoFile, permanentFailure, storeRunOutputs } from "@/lib/analysis/job-io";
import { modelsRecord, resolveAnalysisFps } from "@/lib/analysis/run";
import type { AnalysisModel } from "@/lib/analysis/schema";
import type { Box } from "@/lib/geometry/views";
import type { TaskContext, TaskResult } from "@/lib/jobs/task";
import type { PoseModel } from "@/lib/pose/movenet";
import { getProbe, getTimeline } from "@/lib/media/timeline-read";
import { annotateActions } from "./annotate";
import { ACTION_MODEL, buildActionsDocument } from "./document";
import { actionsOutputKeys } from "./outputs";
import { poseTracks } from "./poses";

export interface AnalyzeActionsJob {
  runId: number;
  videoId: number;
  /** Detector used when the video has no object analysis yet (or redetect is set). */
  detector: AnalysisModel;
  poseModel: PoseModel;
  fps?: number;
  /** Run detection and tracking again first even when an object analysis exists. */
  redetect: boolean;
  annotate: boolean;
}

/**
 * No person tracks yet: a full object analysis first, as its own "objects" run (detections JSON,
 * annotated MP4, the video's auto tracks, products relinked, pending clicks matched — everything an
 * object analysis does), worked inside this job. Clicks match the tracks of succeeded object runs.
 */
async function detectFirst(videoId: number, job: AnalyzeActionsJob, ctx: TaskContext): Promise<AnalysisRun> {
  const run = await createRun({
    videoId,
    kind: "objects",
    // task: the job that works it (the reconciler looks the job up by it).
    params: { task: "analyze-actions", trigger: "actions", actionsRun: ctx.runId, model: job.detector, ...(job.fps !== undefined ? { fps: job.fps } : {}) },
    models: { detector: job.detector },
  });
  await markRunStarted(run.id, ctx.jobId, null);
  try {
    const res = await runVideoAnalysis({ runId: run.id, videoId, model: job.detector, annotate: job.annotate, ...(job.fps !== undefined ? { fps: job.fps } : {}) }, { ...ctx, runId: run.id });
    const succeeded = await finishRun(run.id, "succeeded", { timings: res.timings, resultKey: res.resultKey ?? null, annotatedKey: res.annotatedKey ?? null });
    // What the analyze-video task's onSucceeded does for its own runs.
    const done = succeeded ? await getRun(run.id) : undefined;
    if (done) await afterObjectsRunSucceeded(done, ctx.log).catch((e: unknown) => ctx.log(`follow-up of objects run ${run.id} failed: ${e instanceof Error ? e.message : String(e)}`));
  } catch (e) {
    await finishRun(run.id, "failed", { error: `Failed inside actions run ${ctx.runId}: ${e instanceof Error ? e.message : String(e)}` });
    throw e;
  }
  return (await getRun(run.id)) ?? run;
}

/**
 * The analyze-actions task's work: the video's person tracks (from its latest object analysis, or a
 * detection + tracking pass first when there is none), a MoveNet pose per track on each analysed frame,
 * action spans per track; the JSON and the annotated MP4 go to storage, poses and spans to the
 * database (one transaction, replacing what an earlier attempt of this run wrote).
 */
export async function runActionsAnalysis(job: AnalyzeActionsJob, ctx: TaskContext): Promise<TaskResult> {
  const t0 = performance.now();
  const { video, local } = await jobVideoFile(job.videoId);
  try {
    const probe = await getProbe(local.path, { signal: ctx.signal });
    const timeline = await getTimeline(local.path, { probe, signal: ctx.signal });
    const objectsRun = job.redetect ? undefined : await latestSucceededObjectsRun(video.id);
    let detectMs = 0;
    let detector = job.detector;
    let fps = job.fps ?? (typeof objectsRun?.params.analysisFps === "number" ? objectsRun.params.analysisFps : undefined);
    if (objectsRun) {
      detector = (objectsRun.models.detector as AnalysisModel | undefined) ?? detector;
      ctx.log(`person tracks of object analysis run ${objectsRun.id}`);
    } else {
      const t = performance.now();
      const sub = await detectFirst(video.id, job, ctx);
      detectMs = Math.round(performance.now() - t);
      fps = typeof sub.params.analysisFps === "number" ? sub.params.analysisFps : job.fps;
      ctx.log(`detected and tracked first in object analysis run ${sub.id} (${detectMs} ms)`);
    }
    ctx.throwIfAborted();
    const tracks = (await listPersonTracksWithBoxes(video.id)).map((t) => ({
      trackId: t.id,
      firstMs: t.firstMs,
      lastMs: t.lastMs,
      boxes: t.boxes.map((b) => ({ ptsMs: b.ptsMs, box: [b.x, b.y, b.w, b.h] as Box, outside: b.outside })),
    }));
    const annotateFrames = job.annotate ? timeline.frameCount : 0;
    let total = annotateFrames;
    let posed = 0;
    // Same sampling as the object analysis the tracks came from; else the wasm default (pose runs on the CPU here).
    const analysisFps = fps ?? resolveAnalysisFps("wasm", undefined) ?? 5;
    const pose = await poseTracks(local.path, {
      tracks,
      probe,
      timeline,
      fps: analysisFps,
      model: job.poseModel,
      signal: ctx.signal,
      onStart: async (s) => {
        total = s.framesPlanned + annotateFrames;
        const det = modelsRecord(detector);
        await setRunAnalysisInfo(ctx.runId, {
          backend: s.backend,
          models: { detector, weights: det.weights ?? "", tracker: det.tracker ?? "bytetrack", pose: job.poseModel, actions: ACTION_MODEL },
          params: { analysisFps, backendVersion: s.backendVersion, framesPlanned: s.framesPlanned, personTracks: tracks.length, objectsRun: objectsRun?.id ?? null, annotate: job.annotate },
        });
        ctx.log(`${s.backend}: ${tracks.length} person tracks on ${s.framesPlanned} frames at ${analysisFps} fps`);
        await ctx.progress(0, total);
      },
      onProgress: (d) => {
        posed = d;
        void ctx.progress(d, total);
      },
    });
    const doc = buildActionsDocument(
      { videoId: video.youtubeId, width: probe.width, height: probe.height, backend: pose.backend, analysisFps, models: { detector, tracker: "bytetrack", pose: pose.model, actions: ACTION_MODEL } },
      pose.frames,
    );
    ctx.throwIfAborted();

    const keys = actionsOutputKeys(video, ctx.runId);
    const { annotatedKey, annotateMs } = await storeRunOutputs(
      {
        jsonKey: keys.actions,
        annotatedKey: keys.annotated,
        doc,
        annotate: job.annotate ? (file) => annotateActions(local.path, file, doc, { probe, timeline, signal: ctx.signal, onFrame: (d) => void ctx.progress(posed + d, total) }) : undefined,
      },
      ctx,
    );

    const t1 = performance.now();
    const kept = new Set(doc.tracks.map((t) => t.trackId));
    await replaceRunActions(ctx.runId, {
      poses: doc.frames.flatMap((f) => f.poses.filter((p) => kept.has(p.trackId)).map((p) => ({ trackId: p.trackId, frameIndex: f.index, ptsMs: f.ptsMs, keypoints: p.keypoints, score: p.score }))),
      actions: doc.tracks.flatMap((t) => t.spans.map((s) => ({ trackId: t.trackId, ...s }))),
    });
    const persistMs = Math.round(performance.now() - t1);
    return {
      resultKey: keys.actions,
      annotatedKey,
      timings: {
        detectMs,
        poseStartMs: pose.timings.poseStartMs,
        poseMs: pose.timings.poseMs,
        annotateMs,
        persistMs,
        totalMs: Math.round(performance.now() - t0),
        framesAnalysed: pose.timings.frames,
        videoFrames: timeline.frameCount,
        personTracks: doc.tracks.length,
        ignoredTracks: doc.ignoredTracks.length,
        poses: pose.timings.poses,
        spans: doc.tracks.reduce((n, t) => n + t.spans.length, 0),
      },
    };
  } catch (e) {
    throw permanentFailure(e, "A model");
  } finally {
    await local.release();
  }
}
