import { lastTrackId, restoreTracks, snapshotTracks, trackVideos, type TrackRestoreRows, type TrackSnapshotRows } from "@/db/queries/track-snapshot";
import { getVideo } from "@/db/queries/videos";
import { invalidateMatchIndex } from "@/lib/clicks/match-index";
import { InvalidInputError, NotFoundError } from "@/lib/errors";
import type { RestoreBody } from "./snapshot-schema";

// Snapshots of tracks and their restore, for the studio's undo/redo of structural edits (docs/studio.md):
// undo of a split = restore the track as it was and remove the half the split made; redo = restore the
// after-snapshot. Ids never change, so every later undo entry still names the right tracks.

const invalid = (path: string, message: string) => new InvalidInputError(message, [{ path, message }]);
const list = (ids: number[]) => ids.join(", ");

/** Every row of the video's tracks `trackIds` (all must be its tracks: 422 otherwise). */
export async function snapshot(videoId: number, trackIds: number[]): Promise<{ videoId: number; tracks: TrackSnapshotRows[] }> {
  if (!(await getVideo(videoId))) throw new NotFoundError("Video");
  const ids = [...new Set(trackIds)];
  const where = await trackVideos(ids);
  const foreign = ids.filter((i) => where.get(i) !== videoId);
  if (foreign.length > 0) throw invalid("trackIds", `Not tracks of video ${videoId}: ${list(foreign)}`);
  return { videoId, tracks: await snapshotTracks(ids) };
}

/**
 * Deletes the video's tracks `removeTrackIds` and puts the snapshot's tracks back under their ids, in one
 * transaction. Refused (422, nothing changed): a snapshot of another video, a track id that is now
 * another video's, a box or link naming another track than its own, an id never handed out (restoring it
 * would make a later new track collide), a removal that is not one of the video's tracks.
 */
export async function restore(videoId: number, body: RestoreBody) {
  const { snapshot: snap } = body;
  if (!(await getVideo(videoId))) throw new NotFoundError("Video");
  if (snap.videoId !== videoId) throw invalid("snapshot.videoId", `The snapshot is of video ${snap.videoId}, not ${videoId}`);
  const ids = snap.tracks.map((t) => t.track.id);
  const dup = ids.filter((i, k) => ids.indexOf(i) !== k);
  if (dup.length > 0) throw invalid("snapshot.tracks", `Tracks listed twice: ${list([...new Set(dup)])}`);
  snap.tracks.forEach((t, k) => {
    if (t.track.videoId !== videoId) throw invalid(`snapshot.tracks.${k}.track.videoId`, `Track ${t.track.id} is of video ${t.track.videoId}, not ${videoId}`);
    if (t.boxes.some((b) => b.trackId !== t.track.id)) throw invalid(`snapshot.tracks.${k}.boxes`, `A box of track ${t.track.id} names another track`);
    if (t.product && t.product.trackId !== t.track.id) throw invalid(`snapshot.tracks.${k}.product`, `The product link of track ${t.track.id} names another track`);
    const frames = new Set(t.boxes.map((b) => b.frameIndex));
    if (frames.size !== t.boxes.length) throw invalid(`snapshot.tracks.${k}.boxes`, `Track ${t.track.id} has two boxes on one frame`);
  });
  const removeIds = [...new Set(body.removeTrackIds)];
  const both = removeIds.filter((i) => ids.includes(i));
  if (both.length > 0) throw invalid("removeTrackIds", `Tracks both removed and restored: ${list(both)}`);

  const where = await trackVideos([...ids, ...removeIds]);
  const foreign = ids.filter((i) => where.has(i) && where.get(i) !== videoId);
  if (foreign.length > 0) throw invalid("snapshot.tracks", `Tracks of another video: ${list(foreign)}`);
  const strangers = removeIds.filter((i) => where.get(i) !== videoId);
  if (strangers.length > 0) throw invalid("removeTrackIds", `Not tracks of video ${videoId}: ${list(strangers)}`);
  // An id above the identity sequence's last value was never a track: inserting it would make a later
  // new track collide with it. Every id a snapshot took from the database is at or below it.
  const newIds = ids.filter((i) => !where.has(i));
  const last = newIds.length > 0 ? await lastTrackId() : 0;
  const never = newIds.filter((i) => i > last);
  if (never.length > 0) throw invalid("snapshot.tracks", `Tracks that never existed: ${list(never)}`);

  const { droppedLinks } = await restoreTracks(videoId, snap.tracks as TrackRestoreRows[], removeIds);
  invalidateMatchIndex(videoId);
  return { videoId, restored: [...ids].sort((a, b) => a - b), removed: removeIds.sort((a, b) => a - b), droppedProductLinks: droppedLinks.sort((a, b) => a - b) };
}
