import type { z } from "zod";
import type { restore } from "@/lib/studio/snapshot";
import { restoreBody, restoreResult, snapshotBody, trackSnapshot } from "@/lib/studio/snapshot-schema";
import { adminBodyErrors, body, idParam, ok, SECURITY, type ApiDomain } from "./common";
import type { Same } from "./schemas";

// Snapshots of tracks and their restore: the studio's undo/redo of split, merge, follow, class change
// and track deletes (docs/studio.md). The snapshot's row schemas come from the tables' columns.

type Out<F extends (...a: never[]) => unknown> = Awaited<ReturnType<F>>;
// Fail to compile when the restore's answer and its documented schema part ways.
export const studioUndoAnswersMatch: [Same<z.infer<typeof restoreResult>, Out<typeof restore>>] = [true];

const TAG = ["Admin: studio"];
const op = (operationId: string, summary: string, rest: object) => ({ tags: TAG, operationId, summary, security: SECURITY.admin, ...rest });

export const studioUndoDomain: ApiDomain = {
  tags: [],
  requests: { TrackSnapshotRequest: snapshotBody, RestoreTracks: restoreBody },
  responses: { TrackSnapshot: trackSnapshot, TracksRestored: restoreResult },
  descriptions: {
    TrackSnapshot: "Every column of each track row, of all its track_boxes rows (by frame) and of its track_products row (or null), as stored.",
    RestoreTracks: "`snapshot`: an answer of POST …/tracks/snapshot, as it was; `removeTrackIds`: tracks of the video deleted first (e.g. the half a split made).",
  },
  paths: {
    "/api/admin/videos/{id}/tracks/snapshot": {
      post: op("snapshotTracks", "Every row of some of the video's tracks (track, boxes, product link): what an undo restores (422 when an id is not one of its tracks)", {
        parameters: [idParam("video")],
        ...body("TrackSnapshotRequest", { example: { trackIds: [12] } }),
        responses: { 200: ok("The snapshot", "TrackSnapshot"), ...adminBodyErrors(404) },
      }),
    },
    "/api/admin/videos/{id}/tracks/restore": {
      post: op("restoreTracks", "In one transaction: delete tracks `removeTrackIds`, put the snapshot's tracks back under their own ids with their boxes and product links (422 for another video's tracks)", {
        parameters: [idParam("video")],
        ...body("RestoreTracks"),
        responses: { 200: ok("Restored", "TracksRestored"), ...adminBodyErrors(404) },
      }),
    },
  },
};
