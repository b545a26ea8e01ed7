import { getVideoOrThrow } from "@/lib/videos/service";
import { startActionsAnalysis } from "@/lib/people/service";
import { startAnalysisBody } from "@/lib/analysis/requests";
import { startAnalysis } from "@/lib/analysis/service";
import { readJson } from "@/lib/api/body";
import { idParam, route } from "@/lib/api/route";
import { toRun } from "@/lib/videos/dto";

export const dynamic = "force-dynamic";

/**
 * Starts an analysis: body { type?: "objects" | "actions", model?: "centernet" | "nanodet", tracker?: "bytetrack",
 * poseModel?, actionModel?, redetect?, fps?: number, annotate?: boolean } (all optional; objects by default).
 */
export const POST = route<"admin", { id: string }>({ access: "admin" }, async ({ req, params, identity }) => {
  const video = await getVideoOrThrow(idParam(params.id, "Video"));
  const empty = req.headers.get("content-length") === "0" || !req.body;
  const body = empty ? startAnalysisBody.parse({}) : await readJson(req, startAnalysisBody);
  const run = body.type === "actions" ? await startActionsAnalysis(video, body, identity.userId) : await startAnalysis(video, body, identity.userId);
  return Response.json({ run: toRun(run) }, { status: 202 });
});
