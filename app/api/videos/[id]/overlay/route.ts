import { idParam, route } from "@/lib/api/route";
import { buildOverlay, notModified } from "@/lib/player/overlay";
import { visibleVideo } from "@/lib/videos/service";
import { isAdmin } from "@/lib/videos/visibility";

export const dynamic = "force-dynamic";

/**
 * The player overlay: exact timeline (ticks), every track's boxes, attached products. Cacheable:
 * the ETag changes with any re-run or edit, so browsers revalidate and get 304 while nothing changed.
 */
export const GET = route<"public", { id: string }>({ rateLimit: false }, async ({ req, params, identity }) => {
  const video = await visibleVideo(idParam(params.id, "Video"), identity);
  const { overlay, etag } = await buildOverlay(video, { admin: isAdmin(identity) });
  const headers = { etag, "cache-control": "public, max-age=0, must-revalidate", vary: "cookie" };
  if (notModified(req, etag)) return new Response(null, { status: 304, headers });
  return Response.json(overlay, { headers });
});
