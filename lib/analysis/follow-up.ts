import { getVideo } from "@/db/queries/videos";
import type { AnalysisRun } from "@/db/schema";
import { invalidateMatchIndex } from "@/lib/clicks/match-index";
import { matchPendingClicks } from "@/lib/clicks/service";

/**
 * After an object analysis was recorded as succeeded (the analyze-video task's onSucceeded, or an
 * objects run worked inside an actions job): drop this process's match index of the video and match
 * the clicks that waited for an analysis (the matcher reads succeeded runs only).
 */
export async function afterObjectsRunSucceeded(run: AnalysisRun, log: (message: string) => void): Promise<void> {
  const video = await getVideo(run.videoId);
  if (!video) return;
  invalidateMatchIndex(video.id);
  const n = await matchPendingClicks(video.youtubeId);
  if (n > 0) log(`${n} pending click(s) matched`);
}
