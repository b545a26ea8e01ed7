import { z } from "zod";
import { deleteTracks, setTracksHidden, tracksOfVideo } from "@/db/queries/track-bulk";
import { getVideo } from "@/db/queries/videos";
import { invalidateMatchIndex } from "@/lib/clicks/match-index";
import { InvalidInputError, NotFoundError } from "@/lib/errors";

// Bulk track edits from the studio's filtered track list: hide, show or delete many tracks in one request.

const id = z.number().int().positive().max(2_147_483_647);
export const bulkTracksBody = z.strictObject({
  action: z.enum(["hide", "show", "delete"]),
  trackIds: z.array(id).min(1, "choose at least one track").max(10_000),
});
export type BulkTracksBody = z.infer<typeof bulkTracksBody>;

/** Applies the action to the listed tracks of the video; every id must be one of its tracks. */
export async function bulkTracks(videoId: number, body: BulkTracksBody): Promise<{ videoId: number; action: BulkTracksBody["action"]; trackIds: number[] }> {
  if (!(await getVideo(videoId))) throw new NotFoundError("Video");
  const ids = [...new Set(body.trackIds)];
  const known = new Set(await tracksOfVideo(videoId, ids));
  const missing = ids.filter((i) => !known.has(i));
  // All or nothing: an id of another video (or a deleted track) changes nothing.
  if (missing.length > 0) throw new InvalidInputError(`Not tracks of video ${videoId}: ${missing.join(", ")}`, [{ path: "trackIds", message: `unknown tracks ${missing.join(", ")}` }]);
  const done = body.action === "delete" ? await deleteTracks(videoId, ids) : await setTracksHidden(videoId, ids, body.action === "hide");
  invalidateMatchIndex(videoId);
  return { videoId, action: body.action, trackIds: done };
}
