import { describe, expect, it } from "vitest";
import type { StreamRecording } from "@/db/queries/recordings";
import { toRecordingDto } from "@/lib/recordings/schemas";

// The recordings page keeps refreshing while a stopped recording's worker still holds the lease: the
// index says "stopped" before the last live-detection events are written and the lease is released.
const now = new Date("2026-12-03T08:00:00Z");
const row = (over: Partial<StreamRecording>): StreamRecording =>
  ({ id: 1, sourceUrl: "rtsp://cam/x", status: "stopped", owner: null, leaseUntil: null, stopRequestedAt: null, segments: [], gaps: [], live: { fps: 5 }, ...over }) as StreamRecording;

describe("toRecordingDto: finishing", () => {
  it("is true only for a stopped recording whose worker still holds an unexpired lease", () => {
    expect(toRecordingDto(row({ owner: "w", leaseUntil: new Date(now.getTime() + 5000) }), now)).toMatchObject({ running: false, finishing: true });
    expect(toRecordingDto(row({ owner: null, leaseUntil: null }), now).finishing).toBe(false);
    expect(toRecordingDto(row({ owner: "w", leaseUntil: new Date(now.getTime() - 1) }), now).finishing).toBe(false);
    expect(toRecordingDto(row({ status: "recording", owner: "w", leaseUntil: new Date(now.getTime() + 5000) }), now)).toMatchObject({ running: true, finishing: false });
  });
});
