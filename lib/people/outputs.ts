import { detectionsName } from "@/lib/analysis/outputs";
import { safeKey } from "@/lib/storage";

/** `<youtubeId>_actions.json` (same safe-name rule as the detections file). */
export function actionsName(youtubeId: string): string {
  return detectionsName(youtubeId).replace(/_detections\.json$/, "_actions.json");
}

/** Where an actions run's outputs live: `videos/<id>/runs/<runId>/<youtubeId>_actions.json` and `annotated.mp4`. */
export function actionsOutputKeys(video: { id: number; youtubeId: string }, runId: number): { actions: string; annotated: string } {
  const dir = ["videos", String(video.id), "runs", String(runId)];
  return { actions: safeKey(...dir, actionsName(video.youtubeId)), annotated: safeKey(...dir, "annotated.mp4") };
}
