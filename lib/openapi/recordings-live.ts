import { z } from "zod";
import type { LiveEventDto } from "@/lib/live/recording-live-view";
import { adminErrors, file, ok, pathParam, idParam, SECURITY, type ApiDomain } from "./common";
import type { Same } from "./schemas";

// Live detection of app recordings (docs/live.md "In the app"): the SSE stream, events, snapshots.

const int = z.number().int();
const box = z.tuple([z.number(), z.number(), z.number(), z.number()]);
const LiveEvent = z.object({
  id: int,
  trackId: int.meta({ description: "The live tracker's id (unique within one worker's run of the recording)" }),
  label: z.string(),
  startWallClockMs: z.number(),
  endWallClockMs: z.number(),
  startRun: int.meta({ description: "The recording's run (connection) the event starts in" }),
  startPtsMs: z.number().meta({ description: "Its first frame's pts in that run, ms (the recording's clock, 90 kHz to the µs)" }),
  endRun: int,
  endPtsMs: z.number(),
  score: z.number(),
  box: box.meta({ description: "The best frame's box, [x, y, w, h] in live-frame pixels (640 wide)" }),
  snapshotUrl: z.string().nullable(),
  videoId: int.nullable().meta({ description: "The recording's video, once made" }),
  videoStartMs: z.number().nullable().meta({ description: "The event's first frame on the video: its exact pts, ms from the video's first frame" }),
  videoUrl: z.string().nullable().meta({ description: "/videos/<id>?t=<ms>: the video at the event's first frame" }),
});

export const liveAnswersMatch: Same<z.infer<typeof LiveEvent>, LiveEventDto> = true;

const op = (operationId: string, summary: string, rest: object) => ({ tags: ["Admin: recordings"], operationId, summary, security: SECURITY.admin, ...rest });
const rec = idParam("recording");

export const recordingsLiveDomain: ApiDomain = {
  tags: [],
  responses: { LiveEventList: z.object({ events: z.array(LiveEvent) }) },
  paths: {
    "/api/admin/recordings/{id}/live": {
      get: op("recordingLiveStream", "Server-sent events of the live detection: `state` (newest frame: boxes, latencyMs, counts), `events` (the whole list), `end`", {
        parameters: [rec],
        responses: { 200: file("An event stream until the recording stops (at most 10 minutes; reconnect)", ["text/event-stream"]), ...adminErrors(404, 409) },
      }),
    },
    "/api/admin/recordings/{id}/live/events": {
      get: op("recordingLiveEvents", "The live events (confirmed tracks), oldest first, with snapshot and video links", {
        parameters: [rec],
        responses: { 200: ok("Events", "LiveEventList"), ...adminErrors(404) },
      }),
    },
    "/api/admin/recordings/{id}/live/events/{eventId}/snapshot": {
      get: op("recordingLiveSnapshot", "The event's snapshot: its best frame, box drawn", {
        parameters: [rec, pathParam("eventId", "The event's id")],
        responses: { 200: file("JPEG", ["image/jpeg"]), ...adminErrors(404) },
      }),
    },
  },
};
