import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { closeInterrupted, newIndex, recordedMs, type RecordingIndex, type SegmentEntry } from "@/lib/recordings/recording-index";
import { openSource, sealSource, SourceSecretError } from "@/lib/recordings/source-secret";

// The pieces of worker-run recordings that need no stream: the sealed source URL, the resume
// bookkeeping of the index (what a lost process left open, media already recorded) and the settings.

const URL_WITH_PASSWORD = "rtsp://admin:hunter2-Cam@10.0.0.7:554/Streaming/Channels/101";
const SECRET = "0123456789abcdef-app-secret";

describe("source URL sealed with the app secret (AES-256-GCM)", () => {
  it("round-trips, never shows the URL or password, and uses a fresh IV each time", () => {
    const a = sealSource(URL_WITH_PASSWORD, SECRET);
    const b = sealSource(URL_WITH_PASSWORD, SECRET);
    expect(a).not.toBe(b);
    for (const sealed of [a, b]) {
      expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(sealed).not.toContain("hunter2");
      expect(Buffer.from(sealed.split(".")[3] ?? "", "base64url").toString("latin1")).not.toContain("hunter2");
      expect(openSource(sealed, SECRET)).toBe(URL_WITH_PASSWORD);
    }
  });

  it("refuses another secret and any altered byte", () => {
    const sealed = sealSource(URL_WITH_PASSWORD, SECRET);
    expect(() => openSource(sealed, `${SECRET}-other`)).toThrow(SourceSecretError);
    const parts = sealed.split(".");
    const ct = Buffer.from(parts[3] ?? "", "base64url");
    ct[0] = (ct[0] ?? 0) ^ 1;
    expect(() => openSource([parts[0], parts[1], parts[2], ct.toString("base64url")].join("."), SECRET)).toThrow(SourceSecretError);
    expect(() => openSource("rtsp://plain", SECRET)).toThrow(SourceSecretError);
  });
});

const seg = (index: number, run: number, startMs: number, endMs: number): SegmentEntry => ({
  index, run, key: `r/seg-${index}.mp4`, bytes: 1, initBytes: 1, frames: 1,
  startPts: startMs * 90, endPts: endMs * 90, startMs, endMs, closedAt: "2026-01-01T00:00:00.000Z", uploadMs: 1,
});

function indexWithRun0(): RecordingIndex {
  const i = newIndex("r", "rtsp://u:p@cam/x", "storage:s3");
  i.state = "recording";
  i.updatedAt = "2026-01-01T00:00:09.000Z";
  i.runs.push({ run: 0, transport: "tcp", connectedAt: "2026-01-01T00:00:00.000Z", firstFrameAt: "2026-01-01T00:00:00.500Z", hostFirstFrameAt: "2026-01-01T00:00:00.400Z", wallclockSource: "rtcp", endedAt: null, endReason: null });
  i.segments.push(seg(1, 0, 0, 1600), seg(2, 0, 1600, 4400));
  return i;
}

describe("resuming an index", () => {
  it("recordedMs sums each run's span, whatever its pts origin", () => {
    const i = indexWithRun0();
    expect(recordedMs(i)).toBe(4400);
    i.segments.push(seg(3, 1, 0, 1600), seg(4, 1, 1600, 2000));
    expect(recordedMs(i)).toBe(6400);
    expect(recordedMs(newIndex("r", "rtsp://x", "t"))).toBe(0);
  });

  it("closes the lost run and opens a gap from the end of its last indexed segment (host clock)", () => {
    const i = closeInterrupted(indexWithRun0(), "recording process lost");
    expect(i.state).toBe("reconnecting");
    expect(i.runs[0]).toMatchObject({ endedAt: "2026-01-01T00:00:09.000Z", endReason: "recording process lost" });
    expect(i.gaps).toEqual([{ afterRun: 0, from: "2026-01-01T00:00:04.800Z", to: null, ms: null, reason: "recording process lost" }]);
    expect(i.segments).toHaveLength(2);
    // A gap already open (the process was reconnecting, or handed over) is kept, not doubled.
    expect(closeInterrupted(i, "again").gaps).toHaveLength(1);
    // Ending instead of resuming: the run is closed, no gap.
    const ended = closeInterrupted(indexWithRun0(), "stopped while no worker was running it", false);
    expect(ended.gaps).toEqual([]);
    expect(ended.runs[0]?.endReason).toBe("stopped while no worker was running it");
  });

  it("a recording that never got media stays `starting`", () => {
    expect(closeInterrupted(newIndex("r", "rtsp://x", "t"), "lost")).toMatchObject({ state: "starting", gaps: [] });
  });
});

describe("lease settings", () => {
  it("defaults to a 20 s lease renewed every 5 s, and wants the lease at least twice the heartbeat", () => {
    expect(parseEnv({})).toMatchObject({ RECORDING_LEASE_SECONDS: 20, RECORDING_HEARTBEAT_SECONDS: 5, RECORDINGS_PER_WORKER: 16 });
    expect(parseEnv({ RECORDING_LEASE_SECONDS: "3", RECORDING_HEARTBEAT_SECONDS: "0.5" }).RECORDING_LEASE_SECONDS).toBe(3);
    expect(() => parseEnv({ RECORDING_LEASE_SECONDS: "6", RECORDING_HEARTBEAT_SECONDS: "5" })).toThrow(/RECORDING_LEASE_SECONDS/);
  });
});
