import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Storage } from "@/lib/storage";
import { Recorder } from "@/lib/recordings/recorder";
import type { RecordingIndex, RunAudio } from "@/lib/recordings/recording-index";
import { parseTarget, type RecordTarget } from "@/lib/recordings/target";
import { readTruth } from "@/tests/fixtures/derived";
import { runScript } from "@/tests/helpers/cli";
import { startRtspServer, type ServedAudio } from "@/tests/helpers/rtsp-server";
import { burstOnsetsMs, makeAvFixture, readIndex, runFile, segmentFile, segmentFramesOf, startS3, streamCodecs } from "./record-helpers";

// Audio recorded beside the video: GStreamer's RTSP server sends the barcode fixture with a tone burst
// at every whole second, as AAC (copied into the segments), Opus (copied) or G.711 µ-law (which MP4
// cannot hold: transcoded to AAC, the only re-encode). Each segment must hold both tracks, play on its
// own, keep every video frame exact, and keep the sound where it belongs: the bursts at whole seconds
// of the video's time line.

const BUCKET = "recordings";
const truth = readTruth("vfr-barcode.mp4");
// The fixture's slowest frames last 66.7 ms (14.985 fps); B-frames reorder by up to two of them.
const REORDER_MS = 2 * (1001 / 15);
let s3: Awaited<ReturnType<typeof startS3>>;
let target: RecordTarget;
let tmp: string;
let av: string;

beforeAll(async () => {
  s3 = await startS3(BUCKET);
  target = parseTarget(`s3://${BUCKET}/cams`, s3.cfg);
  tmp = await fsp.mkdtemp(path.join(os.tmpdir(), "fc-rec-av-"));
  av = await makeAvFixture(tmp);
});

afterAll(async () => {
  await s3?.close();
  if (tmp) await fsp.rm(tmp, { recursive: true, force: true });
});

/** Bursts after the first second (the first one may be cut by the codec's start), each near a whole second. */
function expectBurstsOnSeconds(onsets: number[], what: string, toleranceMs = 10) {
  const later = onsets.filter((t) => t >= 500);
  for (const t of later) expect(Math.abs(t - Math.round(t / 1000) * 1000), `${what}: burst at ${t.toFixed(2)} ms`).toBeLessThanOrEqual(toleranceMs);
  return later.map((t) => t - Math.round(t / 1000) * 1000);
}

async function expectAvRecording(store: Storage, index: RecordingIndex, audio: Partial<RunAudio>) {
  expect(index.state).toBe("ended");
  const run = index.runs[0];
  expect(run?.audio).toMatchObject(audio);
  // Both streams' RTCP sender reports came through the relay: GStreamer stamps them from one clock.
  expect(Math.abs(run?.audio?.rtcpSkewMs ?? NaN)).toBeLessThan(5);
  expect(index.segments.length).toBeGreaterThanOrEqual(3);

  // Every video frame, exact, as without audio (the relay keeps the sender reports from ffmpeg).
  const frames = await segmentFramesOf(store, index.segments, tmp);
  expect(frames.map((f) => f.content)).toEqual(truth.frames.map((f) => f.content));
  frames.forEach((f, i) => expect(Math.abs(f.pts - (truth.frames[i]?.pts ?? NaN)), `frame ${i}`).toBeLessThanOrEqual(1));

  const starts: string[] = [];
  for (const s of index.segments) {
    const a = s.audio;
    expect(a, `segment ${s.index}`).toBeTruthy();
    if (!a) continue;
    const file = await segmentFile(store, s, tmp);
    expect(await streamCodecs(file)).toEqual({ video: ["h264"], audio: [audio.codec] });
    // Fragments are cut at video keyframes as the muxer writes packets in decode order: a segment's
    // audio starts up to the B-frame reorder delay (+ one audio frame) before its first frame shows.
    const frameMs = (a.endMs - a.startMs) / a.samples;
    expect(Math.abs(a.startMs - s.startMs), `segment ${s.index} start`).toBeLessThanOrEqual(REORDER_MS + frameMs);
    expect(Math.abs(a.endMs - s.endMs), `segment ${s.index} end`).toBeLessThanOrEqual(REORDER_MS + frameMs);
    starts.push((a.startMs - s.startMs).toFixed(1));
    expectBurstsOnSeconds(await burstOnsetsMs(file), `segment ${s.index} alone`);
  }
  const whole = await burstOnsetsMs(await runFile(store, index.segments, path.join(tmp, "run.mp4")));
  const off = expectBurstsOnSeconds(whole, "the run");
  expect(whole.filter((t) => t >= 500).map((t) => Math.round(t / 1000))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  console.log(
    `${audio.source}: audio start − video start per segment (ms) ${starts.join(", ")}; bursts vs whole seconds (ms) ` +
      `${Math.min(...off).toFixed(2)} … ${Math.max(...off).toFixed(2)}; RTCP skew ${run?.audio?.rtcpSkewMs} ms`,
  );
}

describe("RTSP recording with audio (GStreamer RTSP server → ffmpeg → segments)", () => {
  it.each([
    ["aac", { source: "aac", codec: "aac", transcoded: false, timescale: 48000, sampleRate: 48000 }],
    ["opus", { source: "opus", codec: "opus", transcoded: false, timescale: 48000, sampleRate: 48000 }],
  ] as [ServedAudio, Partial<RunAudio>][])("%s is stream-copied beside the video, in sync, in every segment", async (served, audio) => {
    const server = await startRtspServer(av, 0, "tcp,udp", undefined, served);
    try {
      const index = await new Recorder({ source: server.url, target, id: `audio-${served}`, segmentSeconds: 2, retries: 0 }).run();
      expect(await readIndex(target.store, `audio-${served}`)).toEqual(index);
      await expectAvRecording(target.store, index, audio);
    } finally {
      await server.kill();
    }
  }, 90_000);

  it("`npm run record` records G.711 µ-law as AAC (transcoded, said so in the index), the video still copied", async () => {
    const server = await startRtspServer(av, 0, "tcp,udp", undefined, "pcmu");
    try {
      const dir = path.join(tmp, "cli");
      const res = await runScript("scripts/record.ts", [server.url, "--to", dir, "--id", "pcmu", "--segment-seconds", "2", "--retries", "0"]);
      expect(res.code, res.stderr).toBe(0);
      expect(res.stderr).toContain("audio pcm_mulaw → aac (transcoded");
      const index = JSON.parse(res.stdout) as RecordingIndex;
      const store = parseTarget(dir).store;
      expect(await readIndex(store, "pcmu")).toEqual(index);
      await expectAvRecording(store, index, { source: "pcm_mulaw", codec: "aac", transcoded: true, timescale: 8000, sampleRate: 8000, channels: 1 });
    } finally {
      await server.kill();
    }
  }, 90_000);
});
