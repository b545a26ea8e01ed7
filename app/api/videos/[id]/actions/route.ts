import { actionsJsonResponse, actionsResultRun } from "@/lib/people/service";
import { resultQuery } from "@/lib/analysis/requests";
import { readQuery } from "@/lib/api/body";
import { idParam, route } from "@/lib/api/route";
import { visibleVideo } from "@/lib/videos/service";

export const dynamic = "force-dynamic";

/** The actions JSON of the latest succeeded actions analysis (or of `?run=`); `?download=1` for a file. */
export const GET = route<"public", { id: string }>({}, async ({ req, params, identity }) => {
  const video = await visibleVideo(idParam(params.id, "Video"), identity);
  const q = readQuery(req, resultQuery);
  return actionsJsonResponse(req, video, await actionsResultRun(video, q.run), q.download);
});
