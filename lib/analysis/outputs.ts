import { listRunsForVideo } from "@/db/queries/runs";
import { safeKey, storage } from "@/lib/storage";
import { isVideoId } from "@/lib/videos/youtube-id";

/** The JSON's file name: `<youtubeId>_detections.json` (a name that starts with - or _ gets a "v" so it is a safe storage name). */
export function detectionsName(youtubeId: string): string {
  const id = isVideoId(youtubeId) ? youtubeId : "video";
  return `${/^[A-Za-z0-9]/.test(id) ? id : `v${id}`}_detections.json`;
}

/** Where a run's outputs live in storage: `videos/<id>/runs/<runId>/…` (fixed per run, so a retry overwrites). */
export function runOutputKeys(video: { id: number; youtubeId: string }, runId: number): { detections: string; annotated: string } {
  const dir = ["videos", String(video.id), "runs", String(runId)];
  return { detections: safeKey(...dir, detectionsName(video.youtubeId)), annotated: safeKey(...dir, "annotated.mp4") };
}

/**
 * Deletes the stored outputs (detections JSON, annotated MP4) of every run of a video; meant to be
 * called before the video row (and with it its runs) is deleted. Returns the number of objects removed.
 */
export async function deleteRunOutputs(videoId: number): Promise<number> {
  let n = 0;
  for (const run of await listRunsForVideo(videoId, 100_000)) {
    for (const key of [run.resultKey, run.annotatedKey]) {
      if (!key) continue;
      await storage().delete(key);
      n++;
    }
  }
  return n;
}
