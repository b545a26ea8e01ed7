import { z } from "zod";
import { startAnalysisBody } from "@/lib/analysis/requests";
import type { setOutside } from "@/lib/studio/outside";
import { followBody, keyframeBody, keyframeQuery, manualTrackBody, mergeBody, outsideBody, splitBody, trackLabelBody, trackProductBody, tracksQuery, trackVisibilityBody } from "@/lib/studio/schemas";
import type { addManualTrack, attachProduct, detachProduct, follow, merge, putKeyframe, relabelTrack, removeKeyframe, removeTrack, setVisibility, split } from "@/lib/studio/service";
import { bulkTracksBody, type bulkTracks } from "@/lib/studio/bulk";
import { adminVideoSchema } from "@/lib/videos/dto";
import { videoShopBody } from "@/lib/videos/schemas";
import { adminBodyErrors, adminErrors, body, idParam, ok, queryParameters, SECURITY, type ApiDomain } from "./common";
import type { Same } from "./schemas";

// Admin video work: starting analyses, canceling runs, deleting videos, and the studio's track edits
// (docs/studio.md). Every edit reaches click matching at once.

const id = z.number().int();
const edits = {
  TrackRelabeled: z.object({ trackId: id, label: z.string() }),
  TrackDeleted: z.object({ deleted: id }),
  TrackVisibility: z.object({ trackId: id, hidden: z.boolean() }),
  TrackProduct: z.object({ trackId: id, product: z.object({ id, sku: z.string(), name: z.string() }).nullable() }),
  TracksMerged: z.object({ trackId: id, merged: id }),
  TrackSplit: z.object({ trackId: id, newTrackId: id }),
  TrackCreated: z.object({ trackId: id }),
  TracksBulk: z.object({ videoId: id, action: z.enum(["hide", "show", "delete"]), trackIds: z.array(id) }),
  KeyframeSet: z.object({ trackId: id, frameIndex: id, ptsMs: z.number() }),
  KeyframeRemoved: z.object({ trackId: id, frameIndex: id }),
  OutsideSet: z.object({
    trackId: id,
    frameIndex: id,
    ptsMs: z.number().meta({ description: "The exact pts of the frame on screen at the ptsMs sent" }),
    outside: z.boolean(),
    created: z.boolean().meta({ description: "A keyframe was made on that frame (it had no box)" }),
  }),
  TrackFollowed: z.object({
    trackId: id,
    fromFrame: id,
    stored: id.meta({ description: "Boxes stored (followed frames)" }),
    stopped: z.enum(["done", "lost", "end", "edge"]).meta({ description: "done: all frames followed; lost: confidence dropped; end: the video ended; edge: the box left the picture" }),
    lastScore: z.number().nullable(),
    lostAt: id.nullable().meta({ description: "With stopped lost: the first frame where the target was not found; boxes are kept up to the frame before it" }),
    lastFrame: id.nullable(),
    message: z.string().meta({ description: 'What happened, in words: "Lost at frame N: kept frames a–b (k boxes)", "Followed to frame b: …"' }),
  }),
};
type Out<F extends (...a: never[]) => unknown> = Awaited<ReturnType<F>>;
type Of<K extends keyof typeof edits> = z.infer<(typeof edits)[K]>;
// Fail to compile when a studio answer and its documented schema part ways.
export const studioAnswersMatch: [
  Same<Of<"TrackRelabeled">, Out<typeof relabelTrack>>,
  Same<Of<"TrackDeleted">, Out<typeof removeTrack>>,
  Same<Of<"TrackProduct">, Out<typeof attachProduct> | Out<typeof detachProduct>>,
  Same<Of<"TracksMerged">, Out<typeof merge>>,
  Same<Of<"TrackSplit">, Out<typeof split>>,
  Same<Of<"TrackCreated">, Out<typeof addManualTrack>>,
  Same<Of<"KeyframeSet">, Out<typeof putKeyframe>>,
  Same<Of<"KeyframeRemoved">, Out<typeof removeKeyframe>>,
  Same<Of<"TrackFollowed">, Out<typeof follow>>,
  Same<Of<"TrackVisibility">, Out<typeof setVisibility>>,
  Same<Of<"TracksBulk">, Out<typeof bulkTracks>>,
  Same<Of<"OutsideSet">, Out<typeof setOutside>>,
] = [true, true, true, true, true, true, true, true, true, true, true, true];

const TAG = ["Admin: studio"];
const trackId = [idParam("track")];
const op = (operationId: string, summary: string, rest: object) => ({ tags: TAG, operationId, summary, security: SECURITY.admin, ...rest });

export const studioDomain: ApiDomain = {
  tags: [{ name: "Admin: studio", description: "Analyses, runs and track edits (admins); see docs/studio.md" }],
  requests: {
    StartAnalysis: startAnalysisBody,
    TrackLabel: trackLabelBody,
    TrackProductRequest: trackProductBody,
    TrackVisibilityRequest: trackVisibilityBody,
    MergeTracks: mergeBody,
    SplitTrack: splitBody,
    ManualTrack: manualTrackBody,
    BulkTracks: bulkTracksBody,
    Keyframe: keyframeBody,
    OutsideRequest: outsideBody,
    FollowTrack: followBody,
    VideoShop: videoShopBody,
  },
  responses: {
    ...edits,
    DeletedVideo: z.object({ deleted: z.object({ id, youtubeId: z.string() }) }),
    VideoShopResult: z.object({ video: adminVideoSchema }),
    StudioTracks: z
      .object({
        videoId: id,
        width: id,
        height: id,
        frameCount: id,
        tracks: z.array(z.looseObject({ id, label: z.string(), firstMs: z.number(), lastMs: z.number(), boxCount: id, keyframes: id, firstFrame: id.nullable(), lastFrame: id.nullable() })),
        boxes: z.array(z.object({ trackId: id, frameIndex: id, ptsMs: z.number(), x: z.number(), y: z.number(), w: z.number(), h: z.number(), keyframe: z.boolean() })).optional(),
      })
      .meta({ description: "Each track also carries its stored columns (score, manual, editedAt, …) and `product` ({ id, sku, name } or null); `boxes` only with ?boxes=1." }),
  },
  descriptions: {
    StartAnalysis: "Every field optional ({} or an empty body: objects with the defaults).",
    ManualTrack: "A track for an object the detector missed: its COCO class and a first keyframe box [x, y, w, h] in video pixels.",
  },
  paths: {
    "/api/admin/videos/{id}": {
      delete: op("deleteVideo", "Delete a video with its timeline, runs, tracks and stored files (its running jobs are canceled)", {
        parameters: [idParam("video")],
        responses: { 200: ok("Deleted", "DeletedVideo"), ...adminErrors(404) },
      }),
    },
    "/api/admin/videos/{id}/shop": {
      patch: op("setVideoShop", "Publish (shoppers see it) or unpublish (a draft) a video; turn its class suggestions on or off", {
        parameters: [idParam("video")],
        ...body("VideoShop", { example: { published: true, classSuggestions: false } }),
        responses: { 200: ok("Changed", "VideoShopResult"), ...adminBodyErrors(404) },
      }),
    },
    "/api/admin/videos/{id}/analyze": {
      post: op("startAnalysis", "Start an analysis: objects (detection + tracking) or actions (poses of person tracks)", {
        parameters: [idParam("video")],
        requestBody: { required: false, content: { "application/json": { schema: { $ref: "#/components/schemas/StartAnalysis" }, example: { type: "objects", model: "centernet", fps: 5 } } } },
        responses: { 202: ok("Queued", "RunResponse"), ...adminBodyErrors(404, 409) },
      }),
    },
    "/api/admin/videos/{id}/tracks": {
      get: op("listStudioTracks", "The video's tracks with spans, products and box counts", {
        parameters: [idParam("video"), ...queryParameters(tracksQuery, { boxes: "1: add every stored box" })],
        responses: { 200: ok("Tracks", "StudioTracks"), ...adminErrors(404, 409, 422) },
      }),
      post: op("addManualTrack", "Add a manual track (a first keyframe box on a frame)", {
        parameters: [idParam("video")],
        ...body("ManualTrack", { example: { label: "cup", frameIndex: 40, box: [300, 120, 60, 80] } }),
        responses: { 201: ok("Created", "TrackCreated"), ...adminBodyErrors(404, 409) },
      }),
    },
    "/api/admin/videos/{id}/tracks/bulk": {
      post: op("bulkTracks", "Hide, show or delete many of the video's tracks at once (all or nothing: 422 when an id is not one of its tracks)", {
        parameters: [idParam("video")],
        ...body("BulkTracks", { example: { action: "hide", trackIds: [12, 13] } }),
        responses: { 200: ok("Done", "TracksBulk"), ...adminBodyErrors(404) },
      }),
    },
    "/api/admin/tracks/{id}": {
      patch: op("relabelTrack", "Change the track's class", { parameters: trackId, ...body("TrackLabel"), responses: { 200: ok("Changed", "TrackRelabeled"), ...adminBodyErrors(404, 409) } }),
      delete: op("deleteTrack", "Delete a false track (its boxes and product link go with it)", { parameters: trackId, responses: { 200: ok("Deleted", "TrackDeleted"), ...adminErrors(404, 409) } }),
    },
    "/api/admin/tracks/{id}/product": {
      put: op("attachProduct", "Attach a product to the track, replacing any other", { parameters: trackId, ...body("TrackProductRequest"), responses: { 200: ok("Attached", "TrackProduct"), ...adminBodyErrors(404, 409) } }),
      delete: op("detachProduct", "Remove the track's product", { parameters: trackId, responses: { 200: ok("Removed (product: null)", "TrackProduct"), ...adminErrors(404, 409) } }),
    },
    "/api/admin/tracks/{id}/visibility": {
      put: op("setTrackVisibility", "Show an unconfirmed track to shoppers (hidden: false) or hide a track (hidden: true)", {
        parameters: trackId,
        ...body("TrackVisibilityRequest", { example: { hidden: false } }),
        responses: { 200: ok("Changed", "TrackVisibility"), ...adminBodyErrors(404, 409) },
      }),
    },
    "/api/admin/tracks/{id}/split": {
      post: op("splitTrack", "Split the track at a frame: that frame and later become a new track", {
        parameters: trackId,
        ...body("SplitTrack"),
        responses: { 201: ok("Split", "TrackSplit"), ...adminBodyErrors(404, 409) },
      }),
    },
    "/api/admin/tracks/{id}/keyframes": {
      put: op("putKeyframe", "Set the track's box on a frame as a keyframe (boxes between keyframes are interpolated)", {
        parameters: trackId,
        ...body("Keyframe"),
        responses: { 200: ok("Stored", "KeyframeSet"), ...adminBodyErrors(404, 409) },
      }),
      delete: op("removeKeyframe", "Remove the track's box on a frame (409 for its only box: delete the track)", {
        parameters: [...trackId, ...queryParameters(keyframeQuery, { frameIndex: "The frame whose box goes" })],
        responses: { 200: ok("Removed", "KeyframeRemoved"), ...adminErrors(404, 409, 422) },
      }),
    },
    "/api/admin/tracks/{id}/outside": {
      put: op("setTrackOutside", "Set (outside: true) or clear CVAT's outside flag at the frame on screen at ptsMs: no box from that frame until the track's next box", {
        parameters: trackId,
        ...body("OutsideRequest", { example: { ptsMs: 1001, outside: true } }),
        responses: { 200: ok("Set", "OutsideSet"), ...adminBodyErrors(404, 409) },
      }),
    },
    "/api/admin/tracks/{id}/follow": {
      post: op("followTrack", "Follow the track's last box forward (template matching) and store the boxes", {
        parameters: trackId,
        ...body("FollowTrack", { example: { frames: 60 } }),
        responses: { 200: ok("Followed", "TrackFollowed"), ...adminBodyErrors(404, 409) },
      }),
    },
    "/api/admin/tracks/merge": {
      post: op("mergeTracks", "Merge `mergeId` into `keepId` (same video): boxes move over, the merged track is deleted", {
        ...body("MergeTracks"),
        responses: { 200: ok("Merged", "TracksMerged"), ...adminBodyErrors(404) },
      }),
    },
    "/api/admin/runs/{id}/cancel": {
      post: op("cancelRun", "Cancel a queued or running run (409 when it has already finished)", {
        parameters: [idParam("run")],
        responses: { 200: ok("Canceled", "RunResponse"), ...adminErrors(404, 409) },
      }),
    },
  },
};
