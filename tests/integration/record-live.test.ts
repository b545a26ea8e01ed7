import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordWithLiveDetection } from "@/lib/live/record-live";
import { Recorder, type RecordedFrame } from "@/lib/recordings/recorder";
import { parseTarget, type RecordTarget } from "@/lib/recordings/target";
import { readBarcode } from "@/tests/fixtures/barcode";
import { fixture, readTruth } from "@/tests/fixtures/derived";
import { startRtspServer } from "@/tests/helpers/rtsp-server";
import { segmentFramesOf, startS3 } from "./record-helpers";

// The recorder with live detection's input on: one ffmpeg, one RTSP input, two outputs — the segments
// (stream copy into fMP4, uploaded to s3rver) and the stream sampled at 5 fps as scaled raw frames on
// fd 3. The segments must stay frame-exact (every source frame, its pts within one tick), and every
// live frame must be the source frame its pts says (barcode read back from its pixels).

const BUCKET = "recordings";
const truth = readTruth("vfr-barcode.mp4");
let s3: Awaited<ReturnType<typeof startS3>>;
let target: RecordTarget;
let tmp: string;

beforeAll(async () => {
  s3 = await startS3(BUCKET);
  target = parseTarget(`s3://${BUCKET}/cams`, s3.cfg);
  tmp = await fsp.mkdtemp(path.join(os.tmpdir(), "fc-rec-live-"));
});

afterAll(async () => {
  await s3?.close();
  if (tmp) await fsp.rm(tmp, { recursive: true, force: true });
});

describe("RTSP recording with a live output (one ffmpeg input, two outputs)", () => {
  it("keeps the segments frame-exact and gives 5 fps of exactly labelled scaled frames", async () => {
    const server = await startRtspServer(fixture("vfr-barcode.mp4"));
    const live: RecordedFrame[] = [];
    try {
      const rec = new Recorder({ source: server.url, target, id: "live", segmentSeconds: 2, retries: 0, live: { fps: 5, width: 160, onFrame: (f) => void live.push(f) } });
      const index = await rec.run();
      expect(index.state).toBe("ended");
      // Segments: every source frame in order, pts = source pts within one tick (as without the live output).
      const frames = await segmentFramesOf(target.store, index.segments, tmp);
      expect(frames.map((f) => f.content)).toEqual(truth.frames.map((f) => f.content));
      const origin = truth.frames[0]?.pts ?? 0;
      const off = frames.map((f, i) => f.pts - ((truth.frames[i]?.pts ?? NaN) - origin));
      expect(Math.max(...off.map(Math.abs))).toBeLessThanOrEqual(1);
    } finally {
      await server.kill();
    }
    // Live frames: which source frames pass is fixed by the truth (the first of each 200 ms slot).
    const rel = truth.frames.map((f) => ({ content: f.content, ms: ((f.pts - (truth.frames[0]?.pts ?? 0)) * 1000) / truth.timescale }));
    const expected: typeof rel = [];
    for (const f of rel) {
      const prev = expected[expected.length - 1];
      if (!prev || Math.floor((f.ms / 1000) * 5) > Math.floor((prev.ms / 1000) * 5)) expected.push(f);
    }
    console.log(`live output: ${live.length} frames (expected ${expected.length}), ${live[0]?.width}×${live[0]?.height}, clocks ${[...new Set(live.map((f) => f.clock))].join("/")}`);
    expect(live.length).toBe(expected.length);
    live.forEach((f, i) => {
      expect(f.width).toBe(160);
      expect(f.height).toBe(120);
      expect(f.data.length).toBe(160 * 120 * 3);
      // pts within one 90 kHz tick of the source frame's, and the pixels are that frame.
      expect(Math.abs(f.ptsMs - (expected[i]?.ms ?? NaN))).toBeLessThanOrEqual(1000 / 90000 + 1e-6);
      expect(readBarcode(f.data, f.width, f.height, 3)).toBe(expected[i]?.content);
    });
    expect(live.some((f) => f.clock === "rtcp")).toBe(true);
  }, 120_000);

  it("records pedestrians with live detection on: every detections line is a recorded frame, people are tracked", async () => {
    const server = await startRtspServer(fixture("pedestrians_vfr.mp4"));
    const liveOut = path.join(tmp, "live");
    try {
      const { index, live } = await recordWithLiveDetection({ source: server.url, target, id: "peds", seconds: 15, segmentSeconds: 4, retries: 0, liveOut, workers: 2 });
      console.log(`recording + live detection: ${index.segments.length} segments; live ${JSON.stringify(live.stats)}, events ${live.events}, latency p50 ${live.latencyMs.p50} / p95 ${live.latencyMs.p95} ms`);
      expect(index.segments.length).toBeGreaterThanOrEqual(1); // the clip has long GOPs: a segment is cut at a keyframe
      const recorded = new Set((await segmentFramesOf(target.store, index.segments, tmp)).map((f) => f.pts));
      const lines = (await fsp.readFile(path.join(liveOut, "detections.jsonl"), "utf8")).split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
      expect((lines[0]?.header as Record<string, unknown>).recording).toBe("peds");
      const frames = lines.filter((l) => "ptsMs" in l) as { ptsMs: number; run: number; objects: { label: string }[] }[];
      expect(frames.length).toBe(live.stats.analysed);
      expect(frames.length).toBeGreaterThanOrEqual(3);
      // Frame-exact link to the recording: each analysed frame's pts is a recorded frame's pts (90 kHz ticks).
      for (const f of frames) {
        const ticks = Math.round((f.ptsMs * 90000) / 1000);
        expect([ticks - 1, ticks, ticks + 1].some((t) => recorded.has(t)), `ptsMs ${f.ptsMs}`).toBe(true);
      }
      expect(frames.some((f) => f.objects.some((o) => o.label === "person"))).toBe(true);
      const events = JSON.parse(await fsp.readFile(path.join(liveOut, "events.json"), "utf8")) as { events: { snapshot: string }[] };
      expect(events.events.length).toBe(live.events);
      for (const e of events.events) expect((await fsp.stat(path.join(liveOut, e.snapshot))).size).toBeGreaterThan(1000);
    } finally {
      await server.kill();
    }
  }, 180_000);
});
