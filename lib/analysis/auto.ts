import { objectRunsInState } from "@/db/queries/runs";
import type { AnalysisRun } from "@/db/schema";
import { isTestRun } from "@/lib/env";
import { enqueue } from "@/lib/jobs/queue";

// Uploads are analysed on their own: the probe task's onSucceeded calls analyzeAfterProbe() once a video is ready.
// Off under the test runner (other suites upload videos and count their runs and files); tests of the
// feature turn it on with setAutoAnalyze(true).
let enabled: boolean | undefined;

export function setAutoAnalyze(on: boolean | undefined): void {
  enabled = on;
}

export function autoAnalyzeEnabled(): boolean {
  return enabled ?? !isTestRun();
}

/**
 * Queues an object analysis (default model and fps) for a video whose probe just succeeded, unless one
 * is queued, running or has succeeded already (a re-probe does not re-analyse). Never throws: a video
 * that could not be queued for analysis is still a ready video, and an admin can start one by hand.
 */
export async function analyzeAfterProbe(videoId: number): Promise<AnalysisRun | null> {
  if (!autoAnalyzeEnabled()) return null;
  try {
    if ((await objectRunsInState(videoId, ["queued", "running", "succeeded"])).length > 0) return null;
    const { run } = await enqueue("analyze-video", { videoId }, { run: { params: { trigger: "upload" } } });
    return run;
  } catch (e) {
    console.error(`[analysis] could not queue the analysis of video ${videoId}`, e);
    return null;
  }
}
