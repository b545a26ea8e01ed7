import type { z } from "zod";
import { analysisRunsInState, getRunOfVideo, latestSucceededActionsRun } from "@/db/queries/runs";
import type { AnalysisRun, Video } from "@/db/schema";
import type { startAnalysisBody } from "@/lib/analysis/requests";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/queue";
import { storedFileResponse } from "@/lib/storage/http";
import { actionsName } from "./outputs";

/** Queues an actions analysis of a ready video; 409 while any analysis of it is queued or running. */
export async function startActionsAnalysis(video: Video, body: z.output<typeof startAnalysisBody>, requestedBy: number | null): Promise<AnalysisRun> {
  if (video.status !== "ready") throw new ConflictError(`The video is not ready to analyse (status: ${video.status})`);
  const active = await analysisRunsInState(video.id, ["queued", "running"]);
  if (active[0]) throw new ConflictError(`An analysis of this video is already ${active[0].status} (run ${active[0].id})`);
  const payload = { videoId: video.id, detector: body.model, poseModel: body.poseModel, redetect: body.redetect, annotate: body.annotate, ...(body.fps !== undefined ? { fps: body.fps } : {}) };
  const models = { detector: body.model, tracker: body.tracker, pose: body.poseModel, actions: body.actionModel };
  const { run } = await enqueue("analyze-actions", payload, { run: { requestedBy, models } });
  return run;
}

/** The actions run asked for: `runId` (a succeeded actions run of this video), else the latest. */
export async function actionsResultRun(video: Video, runId: number | undefined): Promise<AnalysisRun> {
  const run = runId === undefined ? await latestSucceededActionsRun(video.id) : await getRunOfVideo(video.id, runId);
  if (!run || run.kind !== "actions" || run.status !== "succeeded") throw new NotFoundError(runId === undefined ? "A finished actions analysis of this video" : "Actions run");
  return run;
}

export function actionsJsonResponse(req: Request, video: Video, run: AnalysisRun, download = false): Promise<Response> {
  if (!run.resultKey) throw new NotFoundError("Actions of this run");
  return storedFileResponse(req, run.resultKey, { contentType: "application/json", etag: `r${run.id}-json`, filename: actionsName(video.youtubeId), download, missing: "The analysis output is missing from storage" });
}

export function actionsAnnotatedResponse(req: Request, video: Video, run: AnalysisRun, download = false): Promise<Response> {
  if (!run.annotatedKey) throw new NotFoundError("Annotated video of this run");
  return storedFileResponse(req, run.annotatedKey, { contentType: "video/mp4", etag: `r${run.id}-mp4`, filename: actionsName(video.youtubeId).replace(/\.json$/, ".mp4"), download, missing: "The analysis output is missing from storage" });
}
