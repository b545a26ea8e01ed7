import { analysisRunsInState, getRunOfVideo, latestSucceededObjectsRun } from "@/db/queries/runs";
import type { AnalysisRun, Video } from "@/db/schema";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/queue";
import { storedFileResponse } from "@/lib/storage/http";
import type { z } from "zod";
import { detectionsName } from "./outputs";
import type { startAnalysisBody } from "./requests";

/** Queues an object analysis of a ready video; 409 while another one is queued or running. */
export async function startAnalysis(video: Video, body: z.output<typeof startAnalysisBody>, requestedBy: number | null): Promise<AnalysisRun> {
  if (video.status !== "ready") throw new ConflictError(`The video is not ready to analyse (status: ${video.status})`);
  // An actions run may write the video's tracks too (when it detects first): one analysis at a time.
  const active = await analysisRunsInState(video.id, ["queued", "running"]);
  if (active[0]) throw new ConflictError(`An analysis of this video is already ${active[0].status} (run ${active[0].id})`);
  const payload = { videoId: video.id, model: body.model, annotate: body.annotate, ...(body.fps !== undefined ? { fps: body.fps } : {}) };
  const { run } = await enqueue("analyze-video", payload, { run: { requestedBy, models: { detector: body.model } } });
  return run;
}

/** The run whose outputs are asked for: `runId` when given (it must be a succeeded analysis of this video), else the latest. */
export async function resultRun(video: Video, runId: number | undefined): Promise<AnalysisRun> {
  const run = runId === undefined ? await latestSucceededObjectsRun(video.id) : await getRunOfVideo(video.id, runId);
  if (!run || run.kind !== "objects" || run.status !== "succeeded") {
    throw new NotFoundError(runId === undefined ? "A finished analysis of this video" : "Analysis run");
  }
  return run;
}

export function detectionsResponse(req: Request, video: Video, run: AnalysisRun, download = false): Promise<Response> {
  if (!run.resultKey) throw new NotFoundError("Detections of this run");
  return storedFileResponse(req, run.resultKey, { contentType: "application/json", etag: `r${run.id}-json`, filename: detectionsName(video.youtubeId), download, missing: "The analysis output is missing from storage" });
}

export function annotatedResponse(req: Request, video: Video, run: AnalysisRun, download = false): Promise<Response> {
  if (!run.annotatedKey) throw new NotFoundError("Annotated video of this run");
  return storedFileResponse(req, run.annotatedKey, { contentType: "video/mp4", etag: `r${run.id}-mp4`, filename: `${detectionsName(video.youtubeId).replace(/_detections\.json$/, "")}_annotated.mp4`, download, missing: "The analysis output is missing from storage" });
}

// A video's runs and the analysis history, for pages and route handlers.
export { listRunsForVideo, listRunsWithVideo, type RunWithVideo } from "@/db/queries/runs";
