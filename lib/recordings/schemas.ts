import { z } from "zod";
import type { StreamRecording } from "@/db/queries/recordings";
import type { GapEntry, SegmentEntry } from "./recording-index";

export const recordingStartSchema = z.object({
  sourceUrl: z
    .string()
    .trim()
    .max(2000)
    .regex(/^rtsps?:\/\/[^\s]+$/i, "must be an rtsp:// or rtsps:// URL"),
  // Whole seconds: the row keeps them as integers for the worker that runs (or resumes) the recording.
  seconds: z.number().int("must be whole seconds").positive().max(7 * 24 * 3600).optional(),
  segmentSeconds: z.number().int("must be whole seconds").min(1).max(600).optional(),
  /** Live detection while recording (off when absent): frames analysed per second of stream. */
  live: z.strictObject({ fps: z.number().int("must be whole frames per second").min(1).max(10) }).optional(),
});

export type RecordingStartInput = z.infer<typeof recordingStartSchema>;

/**
 * What the API and the admin page show of a recording row (never source_secret: only the redacted URL).
 * `running`: a worker runs it or will (starting/recording); `worker`: who holds its lease now, null
 * while it waits for a worker (not taken yet, or its worker died and the lease has not run out);
 * `finishing`: stopped, but its worker still holds the lease (the last live events are being written).
 */
export function toRecordingDto(r: StreamRecording, now = new Date()) {
  const segments = r.segments as SegmentEntry[];
  const running = r.status === "starting" || r.status === "recording";
  return {
    id: r.id,
    sourceUrl: r.sourceUrl,
    status: r.status,
    running,
    worker: running && r.owner && r.leaseUntil && r.leaseUntil > now ? r.owner : null,
    stopRequested: running && r.stopRequestedAt !== null,
    // The index says stopped before the worker has written the last live events and released the lease.
    finishing: !running && r.owner !== null && r.leaseUntil !== null && r.leaseUntil > now,
    seconds: r.seconds,
    segmentSeconds: r.segmentSeconds,
    live: r.live ?? null,
    indexKey: r.indexKey,
    firstFrameWallclock: r.firstFrameWallclock?.toISOString() ?? null,
    wallclockSource: r.wallclockSource,
    segments: segments.map((s) => ({ index: s.index, run: s.run, frames: s.frames, bytes: s.bytes, startMs: s.startMs, endMs: s.endMs, uploadMs: s.uploadMs })),
    gaps: r.gaps as GapEntry[],
    videoId: r.videoId,
    error: r.error,
    startedAt: r.startedAt?.toISOString() ?? null,
    stoppedAt: r.stoppedAt?.toISOString() ?? null,
  };
}

export type RecordingDto = ReturnType<typeof toRecordingDto>;
