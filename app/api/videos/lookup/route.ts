import { readQuery } from "@/lib/api/body";
import { route } from "@/lib/api/route";
import { notModified } from "@/lib/player/overlay";
import { lookupQuery, overlayByVideoRef } from "@/lib/player/lookup";

export const dynamic = "force-dynamic";

/**
 * The shopper overlay of a video by its YouTube id (any form): the extension's per-video box index, so
 * it can leave a click that hits nothing untouched (docs/extension.md). ETag'd like /api/videos/:id/overlay.
 */
export const GET = route<"public">({ rateLimit: false }, async ({ req, identity }) => {
  const q = readQuery(req, lookupQuery);
  const { overlay, etag } = await overlayByVideoRef(q.videoId, identity);
  const headers = { etag, "cache-control": "public, max-age=0, must-revalidate", vary: "cookie" };
  if (notModified(req, etag)) return new Response(null, { status: 304, headers });
  return Response.json(overlay, { headers });
});
