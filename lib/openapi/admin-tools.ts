import { z } from "zod";
import type { Overview, ProductAnalytics, VideoAnalytics } from "@/lib/analytics/service";
import { recordingStartSchema, type RecordingDto } from "@/lib/recordings/schemas";
import { alignBody, type AlignedVideos } from "@/lib/videos/align-videos";
import { publicVideoSchema } from "@/lib/videos/dto";
import { adminBodyErrors, adminErrors, body, idParam, ok, SECURITY, type ApiDomain } from "./common";
import type { Same } from "./schemas";

// Admin tools: click and sales analytics, the same moment in two videos, RTSP recordings.

const int = z.number().int();
const pct = z.number().nullable().meta({ description: "Percent with one decimal; null when the base is 0" });
const totals = z.object({ clicks: int, matchedClicks: int, cartAdds: int, paidOrders: int, unitsSold: int, revenueCents: int, currencies: z.array(z.string()) });
const funnel = z.array(z.object({ key: z.string(), label: z.string(), n: int, ofPrev: pct }));
const topProduct = z.object({ productId: int, name: z.string(), currency: z.string(), clicks: int, cartAdds: int, unitsSold: int, revenueCents: int });

const AnalyticsOverview = z.object({
  totals,
  conversionPct: pct,
  funnel,
  videos: z.array(z.object({ videoId: int, title: z.string(), clicks: int, matchedClicks: int, cartAdds: int, paidOrders: int, revenueCents: int })),
  topProducts: z.array(topProduct),
});
const VideoAnalyticsSchema = z.object({
  video: z.object({ id: int, title: z.string(), youtubeId: z.string(), width: int, height: int, durationMs: z.number().nullable(), status: publicVideoSchema.shape.status }),
  totals,
  conversionPct: pct,
  funnel,
  heat: z
    .object({ cellPx: z.number(), cols: int, rows: int, cells: z.array(z.object({ gx: int, gy: int, n: int })), max: int, total: int })
    .nullable()
    .meta({ description: "Clicks per square cell of cellPx video pixels (non-empty cells only); null before the video is probed" }),
  heatTimeline: z
    .object({ binS: z.number(), durationS: z.number(), cellPx: z.number(), cols: int, rows: int, cells: z.array(z.object({ bin: int, gx: int, gy: int, n: int })) })
    .nullable()
    .meta({ description: "The same clicks per bin of binS seconds of video time (bin = floor(t / binS)): the heat map of any time window" }),
  histogram: z.object({ binS: z.number(), bins: z.array(z.object({ fromS: z.number(), n: int, matched: int })), max: int }),
  topProducts: z.array(topProduct),
});
const ProductAnalyticsSchema = z.object({
  product: z.object({ id: int, name: z.string(), currency: z.string(), active: z.boolean() }),
  videos: z.array(z.object({ videoId: int, title: z.string(), status: z.string(), tracks: int, clicks: int, cartAdds: int, unitsSold: int, revenueCents: int })),
});

const side = z.object({ atMs: z.number(), index: int.nullable(), ptsMs: z.number().nullable(), skipped: int.nullable(), frameCount: int, note: z.string().optional() });
const Aligned = z.object({
  atMs: z.number(),
  a: side,
  b: side,
  offsetMs: z.number().meta({ description: "ms after A's first frame that B started" }),
  offset: z.union([
    z.object({ mode: z.literal("given") }),
    z.object({ mode: z.literal("auto"), confidence: z.number(), agreement: z.number(), toleranceMs: z.number(), overlapFrames: int }),
  ]),
  videos: z.object({ a: z.object({ id: int, title: z.string() }), b: z.object({ id: int, title: z.string() }) }),
  image: z.string().meta({ description: "The side-by-side picture as a PNG data URL" }),
});

const Recording = z.object({
  id: int,
  sourceUrl: z.string(),
  status: z.enum(["starting", "recording", "stopped", "failed"]),
  running: z.boolean().meta({ description: "A worker records it, or will (starting/recording)" }),
  worker: z.string().nullable().meta({ description: "The worker holding its lease now; null while it waits for one" }),
  stopRequested: z.boolean(),
  finishing: z.boolean().meta({ description: "Stopped, but its worker still holds the lease: writing the last live-detection events" }),
  seconds: int.nullable().meta({ description: "Length limit over all runs" }),
  segmentSeconds: int.nullable(),
  live: z.object({ fps: int }).nullable().meta({ description: "Live detection while recording (docs/live.md); null: off" }),
  indexKey: z.string().nullable(),
  firstFrameWallclock: z.string().nullable(),
  wallclockSource: z.string().nullable(),
  segments: z.array(z.object({ index: int, run: int, frames: int, bytes: int, startMs: z.number(), endMs: z.number(), uploadMs: z.number() })),
  gaps: z.array(z.object({ afterRun: int, from: z.string(), to: z.string().nullable(), ms: z.number().nullable(), reason: z.string() })),
  videoId: int.nullable(),
  error: z.string().nullable(),
  startedAt: z.string().nullable(),
  stoppedAt: z.string().nullable(),
});

// Fail to compile when an answer and its documented schema part ways.
export const adminToolAnswersMatch: [
  Same<z.infer<typeof AnalyticsOverview>, Overview>,
  Same<z.infer<typeof VideoAnalyticsSchema>, VideoAnalytics>,
  Same<z.infer<typeof ProductAnalyticsSchema>, ProductAnalytics>,
  Same<z.infer<typeof Aligned>, AlignedVideos>,
  Same<z.infer<typeof Recording>, RecordingDto>,
] = [true, true, true, true, true];

const op = (tag: string, operationId: string, summary: string, rest: object) => ({ tags: [tag], operationId, summary, security: SECURITY.admin, ...rest });
const A = "Admin: analytics";
const R = "Admin: recordings";

export const adminToolsDomain: ApiDomain = {
  tags: [
    { name: A, description: "Clicks → matched → cart adds → paid orders (admins)" },
    { name: "Admin: align", description: "The same moment in two recordings (docs/video.md)" },
    { name: R, description: "RTSP recordings into the app's storage (docs/recording.md)" },
  ],
  requests: { AlignRequest: alignBody, StartRecording: recordingStartSchema },
  responses: {
    AnalyticsOverview,
    VideoAnalytics: VideoAnalyticsSchema,
    ProductAnalytics: ProductAnalyticsSchema,
    AlignedVideos: Aligned,
    Recording,
    RecordingResponse: z.object({ recording: Recording }),
    RecordingList: z.object({ recordings: z.array(Recording) }),
    RecordingVideo: z.object({ video: z.object({ id: int, youtubeId: z.string(), status: publicVideoSchema.shape.status }) }),
  },
  descriptions: { AlignRequest: 'offset: ms after A that B started, or "auto" to estimate it from the pictures.' },
  paths: {
    "/api/admin/analytics": {
      get: op(A, "analyticsOverview", "Funnel totals across videos, per-video funnels and top products", { responses: { 200: ok("The overview", "AnalyticsOverview"), ...adminErrors() } }),
    },
    "/api/admin/analytics/videos/{id}": {
      get: op(A, "videoAnalytics", "One video: funnel, click heat grid (video px), clicks over video time, top products", {
        parameters: [idParam("video")],
        responses: { 200: ok("The video's analytics", "VideoAnalytics"), ...adminErrors(404) },
      }),
    },
    "/api/admin/analytics/products/{id}": {
      get: op(A, "productAnalytics", "Which videos sell this product: attached tracks, clicks, cart adds, units and revenue per video", {
        parameters: [idParam("product")],
        responses: { 200: ok("The product's videos", "ProductAnalytics"), ...adminErrors(404) },
      }),
    },
    "/api/admin/align": {
      post: op("Admin: align", "alignVideos", "The frames on screen at the same moment in two stored videos, side by side", {
        ...body("AlignRequest", { example: { videoA: 1, videoB: 2, atMs: 1500, offset: "auto" } }),
        responses: { 200: ok("Both frames and the offset used", "AlignedVideos"), ...adminBodyErrors(404) },
      }),
    },
    "/api/admin/recordings": {
      get: op(R, "listRecordings", "Recordings, newest first", { responses: { 200: ok("Recordings", "RecordingList"), ...adminErrors() } }),
      post: op(R, "startRecording", "Start recording an RTSP stream (stream copy into fMP4 segments)", {
        ...body("StartRecording", { example: { sourceUrl: "rtsp://camera.local:8554/stream", seconds: 60 } }),
        responses: { 201: ok("Started", "RecordingResponse"), ...adminBodyErrors() },
      }),
    },
    "/api/admin/recordings/{id}/stop": {
      post: op(R, "stopRecording", "Stop gracefully: answers once the last segment is uploaded and the index written", {
        parameters: [idParam("recording")],
        responses: { 200: ok("Stopped", "RecordingResponse"), ...adminErrors(404, 409) },
      }),
    },
    "/api/admin/recordings/{id}/video": {
      post: op(R, "recordingToVideo", "Register the recording (its first run) as a video, probed and analysable like an upload", {
        parameters: [idParam("recording")],
        responses: { 201: ok("The new video", "RecordingVideo"), ...adminErrors(404, 409, 422) },
      }),
    },
  },
};
