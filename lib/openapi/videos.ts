import { z } from "zod";
import { actionsDocumentSchema } from "@/lib/people/schema";
import { resultQuery } from "@/lib/analysis/requests";
import { detectionsDocumentSchema } from "@/lib/analysis/schema";
import { lookupQuery } from "@/lib/player/lookup";
import { overlaySchema } from "@/lib/player/schemas";
import { productFrameQuery } from "@/lib/player/requests";
import { adminVideoSchema, publicVideoSchema, runSchema } from "@/lib/videos/dto";
import { frameQuery, listQuery, startRunBody } from "@/lib/videos/schemas";
import type { timelineStats } from "@/lib/videos/service";
import { adminBodyErrors, adminErrors, body, errors, file, headers, idParam, json, ok, queryParameters, ref, SECURITY, type ApiDomain } from "./common";
import type { Same } from "./schemas";

// Videos: the library, uploads, the exact timeline and frames, the player overlay and analysis outputs.
// Everyone sees ready videos; admins see every video (others: 404).

const thumb = { thumbnailUrl: z.string().nullable() };
const PublicVideo = publicVideoSchema.extend(thumb);
const AdminVideo = adminVideoSchema.extend(thumb);
const stats = {
  frameCount: z.number().int(),
  isVfr: z.boolean(),
  spanMs: z.number(),
  minFrameMs: z.number().nullable(),
  maxFrameMs: z.number().nullable(),
  minFps: z.number().nullable(),
  maxFps: z.number().nullable(),
  avgFps: z.number().nullable(),
};
export const timelineStatsMatch: Same<z.infer<z.ZodObject<typeof stats>>, ReturnType<typeof timelineStats>> = true;

const TAG = ["Videos"];
const video = [idParam("video")];
const RANGE = headers({ "Accept-Ranges": "bytes", "Content-Range": "On 206: the bytes sent", ETag: "Stable per video or run" });
const op = (operationId: string, summary: string, rest: object) => ({ tags: TAG, operationId, security: SECURITY.anyone, summary, ...rest });
/** GET and HEAD of a stored file served with Range support. */
const ranged = (id: string, summary: string, type: string, params: object[] = []) => {
  const responses = {
    200: file("The whole file", [type], RANGE),
    206: file("The range asked for (Range: bytes=…)", [type], RANGE),
    416: { description: "The range is outside the file (no body)" },
    ...errors(404, 422),
  };
  return { get: op(`get${id}`, summary, { parameters: [...video, ...params], responses }), head: op(`head${id}`, `${summary} (headers only)`, { parameters: [...video, ...params], responses }) };
};
const resultParams = queryParameters(resultQuery, { run: "A run id (default: the latest succeeded run)", download: "1: as an attachment (Content-Disposition)" });

export const videosDomain: ApiDomain = {
  tags: [{ name: "Videos", description: "Videos, exact frames, the player overlay and analysis outputs (docs/video.md, docs/player.md)" }],
  requests: { StartRun: startRunBody },
  responses: {
    PublicVideo,
    AdminVideo,
    Run: runSchema,
    RunResponse: z.object({ run: runSchema }),
    VideoList: z.object({ videos: z.array(z.union([AdminVideo, PublicVideo])) }),
    VideoDetail: z.union([z.object({ video: AdminVideo, runs: z.array(runSchema) }), z.object({ video: PublicVideo })]),
    VideoRuns: z.object({ video: AdminVideo, runs: z.array(runSchema) }),
    VideoUploaded: z.object({ video: AdminVideo, run: runSchema.nullable() }),
    Timeline: z.object({
      videoId: z.number().int(),
      timescale: z.number().meta({ description: "Ticks per second" }),
      startPts: z.number().meta({ description: "The first frame's pts in ticks" }),
      ...stats,
      pts: z.array(z.number()).meta({ description: "Every frame's pts in ticks, display order" }),
      ptsMs: z.array(z.number()).meta({ description: "Every frame's ms from the first frame" }),
    }),
    Overlay: overlaySchema,
    DetectionsDocument: detectionsDocumentSchema,
    ActionsDocument: actionsDocumentSchema,
  },
  descriptions: {
    VideoDetail: "Admins get the admin view and the runs; everyone else the public view.",
    Overlay: "What the player draws: the exact timeline in ticks, every track's boxes on its analysed frames, the attached products.",
  },
  paths: {
    "/api/videos": {
      get: op("listVideos", "Videos: ready ones for everyone, all of them (with processing details) for admins", {
        security: SECURITY.shopper,
        parameters: queryParameters(listQuery, { status: "Admins only: filter by status" }),
        responses: { 200: ok("Videos, newest first", "VideoList"), ...errors(422, 429) },
      }),
      post: {
        ...op("uploadVideo", "Upload a video (admins): it is probed, then analysable", {}),
        security: SECURITY.admin,
        description:
          "multipart/form-data with `file` and optional `youtube` (id or watch URL) and `title`; or the file itself as the body with `?youtube=&title=&filename=`. " +
          "Streamed to storage, checked to be a whole video, then a probe run reads its exact timeline.",
        parameters: [
          { name: "youtube", in: "query", required: false, description: "Raw-body uploads: the YouTube id or watch URL", schema: { type: "string" } },
          { name: "title", in: "query", required: false, description: "Raw-body uploads: the title", schema: { type: "string" } },
          { name: "filename", in: "query", required: false, description: "Raw-body uploads: the original file name", schema: { type: "string" } },
        ],
        requestBody: {
          required: true,
          content: {
            "multipart/form-data": {
              schema: { type: "object", required: ["file"], properties: { file: { type: "string", contentMediaType: "application/octet-stream" }, youtube: { type: "string" }, title: { type: "string" } } },
            },
            "video/*": { schema: { type: "string", contentMediaType: "video/*" } },
            "application/octet-stream": { schema: { type: "string" } },
          },
        },
        responses: { 201: ok("Stored; the probe run is queued", "VideoUploaded"), ...adminErrors(400, 409, 413, 415, 422) },
      },
    },
    "/api/videos/{id}": {
      get: op("getVideo", "One video (admins: with its runs)", { security: SECURITY.shopper, parameters: video, responses: { 200: ok("The video", "VideoDetail"), ...errors(404, 429) } }),
    },
    "/api/videos/{id}/runs": {
      get: { ...op("listVideoRuns", "The video's runs with live progress (admins; the admin page polls it)", {}), security: SECURITY.admin, parameters: video, responses: { 200: ok("Runs", "VideoRuns"), ...adminErrors(404) } },
      post: {
        ...op("startVideoRun", "Start a task on the video again (e.g. the probe after a failure; admins)", {}),
        security: SECURITY.admin,
        parameters: video,
        ...body("StartRun", { example: { task: "probe-video" } }),
        responses: { 202: ok("Queued", "RunResponse"), ...adminBodyErrors(404) },
      },
    },
    "/api/videos/{id}/timeline": {
      get: op("getTimeline", "The exact timeline: every frame's pts (ticks and ms from the first frame), display order", {
        parameters: video,
        responses: { 200: ok("The timeline", "Timeline"), ...errors(404, 409, 429) },
      }),
    },
    "/api/videos/{id}/frame": {
      get: op("getFrame", "The exact frame on screen at ?t= ms (the last frame with pts ≤ t)", {
        parameters: [...video, ...queryParameters(frameQuery, { t: "ms from the first frame (a player's currentTime × 1000)", format: "jpeg (default) or png", w: "Scale to this width" })],
        responses: {
          200: file("The frame", ["image/jpeg", "image/png"], headers({ "X-Frame-Index": "The frame's index in display order", "X-Frame-Pts-Ms": "Its ms from the first frame" })),
          ...errors(404, 422, 429),
        },
      }),
    },
    "/api/videos/{id}/file": ranged("VideoFile", "The uploaded file, with Range support (for players)", "video/mp4"),
    "/api/videos/{id}/thumbnail": {
      get: op("getThumbnail", "The thumbnail (a frame near the start)", { parameters: video, responses: { 200: file("JPEG", ["image/jpeg"]), ...errors(404) } }),
    },
    "/api/videos/{id}/overlay": {
      get: op("getOverlay", "The player overlay: exact timeline, every track's boxes, attached products", {
        description: "Cacheable: the ETag changes with any re-run or edit; send If-None-Match to get 304 while nothing changed.",
        parameters: video,
        responses: { 200: { ...ok("The overlay", "Overlay"), headers: headers({ ETag: "Of the overlay's content" }) }, 304: { description: "Not modified" }, ...errors(404) },
      }),
    },
    "/api/videos/lookup": {
      get: op("lookupOverlay", "The shopper overlay of a video found by its YouTube id in any form (the extension's hit index)", {
        description: "videoId: a bare id, the original system's `ID&list=…&index=…`, or a YouTube URL. 404 for an unknown id and for drafts.",
        parameters: queryParameters(lookupQuery, { videoId: "The video id in any form" }),
        responses: { 200: { ...ok("The overlay", "Overlay"), headers: headers({ ETag: "Of the overlay's content" }) }, 304: { description: "Not modified" }, ...errors(404, 422) },
      }),
    },
    "/api/videos/{id}/product-frame": {
      get: op("getProductFrame", "A crop of the exact frame where a product's box is largest in this video", {
        parameters: [...video, ...queryParameters(productFrameQuery, { product: "The product's id", w: "Width of the crop in pixels" })],
        responses: { 200: file("JPEG", ["image/jpeg"], headers({ ETag: "Of the crop" })), 304: { description: "Not modified" }, ...errors(404, 422) },
      }),
    },
    "/api/videos/{id}/detections": {
      get: op("getDetections", "The detections JSON of the latest succeeded object analysis (or ?run=)", {
        parameters: [...video, ...resultParams],
        responses: { 200: { description: "The document (an attachment with ?download=1)", ...json(ref("DetectionsDocument")) }, ...errors(404, 422, 429) },
      }),
    },
    "/api/videos/{id}/annotated": ranged("Annotated", "The annotated MP4 of the latest succeeded object analysis (or ?run=)", "video/mp4", resultParams),
    "/api/videos/{id}/actions": {
      get: op("getActions", "The actions JSON of the latest succeeded actions analysis (or ?run=)", {
        parameters: [...video, ...resultParams],
        responses: { 200: { description: "Per person track: poses and action spans", ...json(ref("ActionsDocument")) }, ...errors(404, 422, 429) },
      }),
    },
    "/api/videos/{id}/actions/annotated": ranged("ActionsAnnotated", "The annotated MP4 (skeletons, ids, actions) of the latest actions analysis (or ?run=)", "video/mp4", resultParams),
  },
};
