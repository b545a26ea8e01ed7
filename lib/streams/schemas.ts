import { z } from "zod";
import type { StreamRecording } from "@/db/queries/recordings";
import type { GapEntry, SegmentEntry } from "./recording-index";

export const recordingStartSchema = z.object({
  sourceUrl: z
    .string()
    .trim()
    .max(2000)
    .regex(/^rtsps?:\/\/[^\s]+$/i, "must be an rtsp:// or rtsps:// URL"),
  seconds: z.number().positive().max(7 * 24 * 3600).optional(),
  segmentSeconds: z.number().min(1).max(600).optional(),
});

export type RecordingStartInput = z.infer<typeof recordingStartSchema>;

/** What the API and the admin page show of a recording row. */
export function toRecordingDto(r: StreamRecording, running: boolean) {
  const segments = r.segments as SegmentEntry[];
  return {
    id: r.id,
    sourceUrl: r.sourceUrl,
    status: r.status,
    running,
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
