import { actionsAnnotatedResponse, actionsResultRun } from "@/lib/people/service";
import { resultQuery } from "@/lib/analysis/requests";
import { readQuery } from "@/lib/api/body";
import { idParam, route } from "@/lib/api/route";
import { visibleVideo } from "@/lib/videos/service";

export const dynamic = "force-dynamic";

// A player fetches many ranges while seeking: no per-request rate limit.
const handler = route<"public", { id: string }>({ rateLimit: false }, async ({ req, params, identity }) => {
  const video = await visibleVideo(idParam(params.id, "Video"), identity);
  const q = readQuery(req, resultQuery);
  return actionsAnnotatedResponse(req, video, await actionsResultRun(video, q.run), q.download);
});

/** The annotated MP4 (skeletons, ids, actions) of the latest succeeded actions analysis (or `?run=`), with Range. */
export const GET = handler;
export const HEAD = handler;
