import { afterObjectsRunSucceeded } from "@/lib/analysis/follow-up";
import { runVideoAnalysis } from "@/lib/analysis/job";
import { analyzeVideoPayload, analyzeVideoSpec } from "./specs";
import { defineTask } from "./task";

/**
 * Object detection and tracking of an uploaded video (lib/analysis/job.ts): detections JSON and
 * annotated MP4 in storage, the video's auto tracks replaced; once the run counts as succeeded, the
 * clicks that waited for an analysis are matched.
 */
export const analyzeVideoTask = defineTask({
  ...analyzeVideoSpec,
  async run(data, ctx) {
    return runVideoAnalysis(analyzeVideoPayload.parse(data), ctx);
  },
  onSucceeded: afterObjectsRunSucceeded,
});
