import { z } from "zod";
import { getVideoByYoutubeId } from "@/db/queries/videos";
import type { Identity } from "@/lib/auth/identity";
import { NotFoundError } from "@/lib/errors";
import { canonicalVideoIdOrNull } from "@/lib/videos/youtube-id";
import { visibleVideo } from "@/lib/videos/service";
import { buildOverlay } from "./overlay";

/** GET /api/videos/lookup?videoId=: any form of a video id (bare, `ID&list=…`, a YouTube URL). */
export const lookupQuery = z.object({ videoId: z.string().trim().min(1).max(2048) }).strict();

/**
 * The overlay of the video a page shows, found by its YouTube (or local) id: what the extension needs to
 * tell a hit from a miss before the page's own click handler runs. 404 for an unknown id or a video the
 * caller may not see (a draft, for shoppers): the same answer, so drafts stay unknown to the public.
 */
export async function overlayByVideoRef(raw: string, identity: Identity | null) {
  const id = canonicalVideoIdOrNull(raw);
  const row = id ? await getVideoByYoutubeId(id) : undefined;
  if (!row) throw new NotFoundError("Video");
  return buildOverlay(await visibleVideo(row.id, identity), { admin: false });
}
