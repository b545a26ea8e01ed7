import { safeKey } from "@/lib/storage";
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
