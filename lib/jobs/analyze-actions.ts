import { runActionsAnalysis } from "@/lib/people/job";
import { analyzeActionsPayload, analyzeActionsSpec } from "./specs";
import { defineTask } from "./task";

/**
 * People and actions (lib/people/job.ts): MoveNet poses on the video's person tracks, action spans per
 * track; actions JSON and annotated MP4 in storage, poses and spans in the database.
 */
export const analyzeActionsTask = defineTask({
  ...analyzeActionsSpec,
  async run(data, ctx) {
    return runActionsAnalysis(analyzeActionsPayload.parse(data), ctx);
  },
});
