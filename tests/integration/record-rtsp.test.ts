import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Recorder } from "@/lib/recordings/recorder";
import { alignAt } from "@/lib/media/align";
import type { RecordingIndex } from "@/lib/recordings/recording-index";
import { parseTarget, type RecordTarget } from "@/lib/recordings/target";
import { fixture, readTruth } from "@/tests/fixtures/derived";
import { startRtspServer } from "@/tests/helpers/rtsp-server";
import { readIndex, segmentFile, segmentFramesOf, startS3 } from "./record-helpers";

// Acceptance for RTSP recording: GStreamer's RTSP server serves the barcode fixture (H.264 with
// B-frames, VFR, no re-encode) in real time; the recorder pulls it into s3rver; the test reads the
// segments back from S3, decodes them and checks every frame by its barcode against the truth file.

const BUCKET = "recordings";
const truth = readTruth("vfr-barcode.mp4");
let s3: Awaited<ReturnType<typeof startS3>>;
let target: RecordTarget;
let tmp: string;

beforeAll(async () => {
  s3 = await startS3(BUCKET);
  target = parseTarget(`s3://${BUCKET}/cams`, s3.cfg);
  tmp = await fsp.mkdtemp(path.join(os.tmpdir(), "fc-rec-"));
});

afterAll(async () => {
  await s3?.close();
  if (tmp) await fsp.rm(tmp, { recursive: true, force: true });
});

const segmentFrames = (index: RecordingIndex) => segmentFramesOf(target.store, index.segments, tmp);

describe("RTSP recording into S3 (GStreamer RTSP server → ffmpeg → s3rver)", () => {
  it("records every source frame, in order, with the source's pts (within one tick)", async () => {
    const server = await startRtspServer(fixture("vfr-barcode.mp4"));
    const updates: string[] = [];
    try {
      const rec = new Recorder({ source: server.url, target, id: "full", segmentSeconds: 2, retries: 0, onUpdate: (i) => void updates.push(i.state) });
      const index = await rec.run();
      // The file ends after 9.2 s: with no retries left the recording ends, the drop is a gap.
      expect(index.state).toBe("ended");
      expect(index.timescale).toBe(90000);
      // Wall clock of the first frame from the server's RTCP sender report (GStreamer sends one
      // within a few seconds): exactly NTP + (first RTP ts − SR RTP ts) / 90 kHz, and on this one
      // machine close to the host's own estimate.
      const run0 = index.runs[0];
      expect(index.wallclock.source).toBe("rtcp");
      expect(run0?.wallclockSource).toBe("rtcp");
      const sr = run0?.rtcp;
      expect(sr?.clockRate).toBe(90000);
      const expectMs = (sr?.ntpMs ?? NaN) + (((sr?.firstRtpTs ?? NaN) - (sr?.rtpTs ?? NaN)) * 1000) / 90000;
      expect(Math.abs(Date.parse(index.wallclock.firstFrame ?? "") - expectMs)).toBeLessThanOrEqual(1);
      expect(Math.abs(Date.parse(run0?.firstFrameAt ?? "") - Date.parse(run0?.hostFirstFrameAt ?? ""))).toBeLessThan(1000);
      expect(index.runs).toHaveLength(1);
      expect(index.runs[0]?.transport).toBe("tcp");
      // No audio in the stream: video only, the index as before (no audio spans on the segments).
      expect(index.runs[0]?.audio).toBeNull();
      expect(index.segments.some((s) => "audio" in s)).toBe(false);
      expect(index.segments.length).toBeGreaterThanOrEqual(3); // 2 s segments of a 9.2 s stream
      expect(updates).toContain("recording");
      expect(await readIndex(target.store, "full")).toEqual(index);

      const frames = await segmentFrames(index);
      expect(frames.map((f) => f.content)).toEqual(truth.frames.map((f) => f.content));
      // Recording pts = source pts (RTP 90 kHz, origin = first frame); GStreamer rounds ns down, so ≤ 1 tick.
      const origin = truth.frames[0]?.pts ?? 0;
      const off = frames.map((f, i) => f.pts - ((truth.frames[i]?.pts ?? NaN) - origin));
      expect(Math.max(...off.map(Math.abs))).toBeLessThanOrEqual(1);
      // Segments tile the timeline: each starts where the previous one ended (the muxer's last-sample
      // duration is a dts step, so the end can differ from the next pts by the 1-tick rounding).
      for (let i = 1; i < index.segments.length; i++) {
        const step = (index.segments[i]?.startPts ?? NaN) - (index.segments[i - 1]?.endPts ?? NaN);
        expect(Math.abs(step)).toBeLessThanOrEqual(1);
      }
      console.log(`upload latency after segment close (ms): ${index.segments.map((s) => s.uploadMs).join(", ")}`);

      // The align command's engine matches recording and source frame for frame: segment k's own clock
      // starts at its first frame, which is startPts / 90 ms into the source.
      let before = 0;
      let aligned = 0;
      for (const seg of index.segments.slice(0, 2)) {
        const file = await segmentFile(target.store, seg, tmp);
        const offsetMs = seg.startPts / 90;
        for (let ms = offsetMs; ms < seg.endPts / 90; ms += 37) {
          const { result } = await alignAt(fixture("vfr-barcode.mp4"), file, ms, { offset: offsetMs });
          expect(result.b.index, `segment ${seg.index} at ${ms} ms`).not.toBeNull();
          expect((result.b.index ?? NaN) + before, `segment ${seg.index} at ${ms} ms`).toBe(result.a.index);
          aligned++;
        }
        before += seg.frames;
      }
      expect(aligned).toBeGreaterThan(20);
    } finally {
      await server.kill();
    }
  }, 60_000);

  it("killing the source mid-recording leaves the uploaded segments, a valid index, the gap and the end", async () => {
    const server = await startRtspServer(fixture("vfr-barcode.mp4"));
    let killed = false;
    const rec = new Recorder({
      source: server.url,
      target,
      id: "killed",
      segmentSeconds: 1,
      retries: 2,
      backoffMs: [200, 400],
      ioTimeoutMs: 2000,
      onUpdate: (i) => {
        // Kill the camera once two segments are safely in S3 (about 3–4 s into the 9.2 s stream).
        if (!killed && i.segments.length >= 2) {
          killed = true;
          void server.kill();
        }
      },
    });
    const index = await rec.run();
    expect(killed).toBe(true);
    expect(index.state).toBe("ended");
    expect(index.error).toMatch(/source gone after 2 reconnect attempts/);
    expect(index.gaps).toHaveLength(1);
    expect(index.gaps[0]).toMatchObject({ afterRun: 0, to: null, ms: null });
    expect(index.runs[0]?.endedAt).toBeTruthy();
    expect(index.runs).toHaveLength(1); // the reconnect attempts never got media
    expect(await readIndex(target.store, "killed")).toEqual(index);

    const frames = await segmentFrames(index);
    expect(frames.length).toBeLessThan(truth.frames.length);
    // Every segment but the last (cut by the kill) is the source's beginning, frame for frame, with
    // its pts; the last one holds what arrived: frames whose B-frames never came are not shown.
    const whole = frames.filter((f) => f.segment !== index.segments[index.segments.length - 1]?.index);
    expect(whole.length).toBeGreaterThan(0);
    expect(whole.map((f) => f.content)).toEqual(truth.frames.slice(0, whole.length).map((f) => f.content));
    for (const [i, f] of frames.entries()) {
      const t = truth.frames[f.content];
      expect(t, `frame ${i}`).toBeDefined();
      if (i > 0) expect(f.content).toBeGreaterThan(frames[i - 1]?.content ?? Infinity);
      expect(Math.abs(f.pts - (t?.pts ?? NaN))).toBeLessThanOrEqual(1);
    }
  }, 60_000);

  it("reconnects when the source comes back, records the gap and keeps both runs", async () => {
    const first = await startRtspServer(fixture("vfr-barcode.mp4"));
    let second: Awaited<ReturnType<typeof startRtspServer>> | undefined;
    let killed = false;
    const rec = new Recorder({
      source: first.url,
      target,
      id: "resumed",
      segmentSeconds: 1,
      retries: 1,
      backoffMs: [1500, 1500],
      onUpdate: (i) => {
        // The restarted file server would replay forever: stop once the second run has ended.
        if (i.runs[1]?.endedAt) rec.stop();
        if (!killed && i.segments.length >= 1) {
          killed = true;
          // The camera restarts on the same port while the recorder waits to retry.
          void first.kill().then(async () => {
            second = await startRtspServer(fixture("vfr-barcode.mp4"), first.port);
          });
        }
      },
    });
    try {
      const index = await rec.run();
      expect(index.runs.map((r) => r.run)).toEqual([0, 1]);
      expect(index.gaps[0]).toMatchObject({ afterRun: 0, reason: expect.any(String) as string });
      expect(index.gaps[0]?.to).toBe(index.runs[1]?.hostFirstFrameAt);
      expect(index.gaps[0]?.ms).toBeGreaterThan(1000);
      // The second run is a whole new session: the file from its first frame, pts from 0 again.
      const run1 = index.segments.filter((s) => s.run === 1);
      expect(run1[0]?.startPts).toBeLessThanOrEqual(1);
      expect(run1.reduce((n, s) => n + s.frames, 0)).toBe(truth.frames.length);
    } finally {
      await first.kill();
      await second?.kill();
    }
  }, 90_000);

  it("falls back to UDP when the server refuses TCP interleaving; wall clock then from the host, flagged", async () => {
    const server = await startRtspServer(fixture("vfr-barcode.mp4"), 0, "udp");
    try {
      const index = await new Recorder({ source: server.url, target, id: "udp", segmentSeconds: 3, retries: 0 }).run();
      expect(index.runs.map((r) => r.transport)).toEqual(["udp"]);
      expect(index.wallclock.source).toBe("host");
      expect(index.runs[0]?.rtcp).toBeUndefined();
      const frames = await segmentFrames(index);
      // Loopback UDP loses nothing here; the pts are the same RTP-derived ones as over TCP.
      expect(frames.map((f) => f.content)).toEqual(truth.frames.map((f) => f.content));
      frames.forEach((f, i) => expect(Math.abs(f.pts - (truth.frames[i]?.pts ?? NaN))).toBeLessThanOrEqual(1));
    } finally {
      await server.kill();
    }
  }, 60_000);
});
