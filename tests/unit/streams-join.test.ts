import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localStorage, type Storage } from "@/lib/storage";
import { readFmp4 } from "@/lib/recordings/fmp4";
import { recordingFfmpeg } from "@/lib/recordings/ffmpeg-args";
import { JoinError, planJoin, writeJoined } from "@/lib/recordings/join-runs";
import { newIndex, newRun, type RecordingIndex, type SegmentEntry } from "@/lib/recordings/recording-index";
import { probeVideo, readTimeline } from "@/lib/media";
import { run, runBinary } from "@/lib/media/ffmpeg";
import { fixture, readTruth } from "@/tests/fixtures/derived";

// planJoin/writeJoined on hand-made recordings: each run one segment, a fragmented MP4 as the recorder
// writes them, in a directory store.

let dir: string;
let store: Storage;
const truth = readTruth("vfr-barcode.mp4").frames;

beforeAll(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), "fc-join-"));
  store = localStorage(dir);
});

afterAll(async () => {
  if (dir) await fsp.rm(dir, { recursive: true, force: true });
});

// Fragmented as the recorder's are (here the muxer moves every track by the B-frames' 2 frames, 6006 ticks).
const FRAG = ["-f", "mp4", "-movflags", "+frag_keyframe+empty_moov+default_base_moof", "pipe:1"];
const SHIFT = 6006;

/** Stores `file` (a fragmented MP4) as segment `n` of `run`, and returns its index entry. */
async function segment(n: number, runNo: number, file: Buffer): Promise<SegmentEntry> {
  let initBytes = 0;
  let start = Infinity;
  let end = 0;
  let frames = 0;
  async function* once() {
    yield file;
  }
  for await (const ev of readFmp4(once())) {
    if (ev.kind === "init") initBytes = ev.data.length;
    else if (ev.kind === "fragment" && ev.info.frames) {
      start = Math.min(start, ev.info.minPts);
      end = Math.max(end, ev.info.endPts);
      frames += ev.info.frames;
    }
  }
  const key = `r/seg-${n}.mp4`;
  await store.put(key, file);
  return { index: n, run: runNo, key, bytes: file.length, initBytes, frames, startPts: start, endPts: end, startMs: start / 90, endMs: end / 90, closedAt: "", uploadMs: 0 };
}

function twoRuns(segments: SegmentEntry[], gapMs: number): RecordingIndex {
  const index = newIndex("r", "rtsp://cam/x", dir);
  const t0 = Date.parse("2026-01-01T00:00:00Z");
  index.runs = [0, 1].map((r) => ({ ...newRun(r, "tcp"), hostFirstFrameAt: new Date(t0 + (r ? segments[0]!.endMs + gapMs : 0)).toISOString() }));
  index.segments = segments;
  return index;
}

describe("joining a recording's runs", () => {
  it("a run without audio goes under the init of a run with audio; run 1 starts after the gap, every frame kept", async () => {
    const ffmpeg = await recordingFfmpeg(); // one binary for both: another ffmpeg may describe the same stream otherwise
    const video = (await runBinary(ffmpeg, ["-v", "error", "-i", fixture("vfr-barcode.mp4"), "-c", "copy", ...FRAG])).stdout;
    const av = (await runBinary(ffmpeg, ["-v", "error", "-i", fixture("vfr-barcode.mp4"), "-f", "lavfi", "-i", "sine=d=9.2", "-map", "0:v", "-map", "1:a", "-c:v", "copy", "-c:a", "aac", "-bsf:a", "noise=drop=lt(pts\\,0)", ...FRAG])).stdout;
    const index = twoRuns([await segment(1, 0, video), await segment(2, 1, av)], 2500);
    const plan = await planJoin(store, index);
    expect(plan.tracks.map((t) => t.handler)).toEqual(["vide", "soun"]);
    const offset = Date.parse(index.runs[1]!.hostFirstFrameAt!) - Date.parse(index.runs[0]!.hostFirstFrameAt!);
    expect(plan.runs.map((r) => r.offsetMs)).toEqual([0, offset]);
    const out = path.join(dir, "joined.mp4");
    await writeJoined(store, plan, out);
    const probe = await probeVideo(out);
    const t = await readTimeline(out, { probe });
    expect(t.frameCount).toBe(2 * truth.length);
    const run1 = Math.round((offset * 90000) / 1000);
    expect(index.segments.map((x) => x.startPts)).toEqual([SHIFT, SHIFT]);
    expect([...t.pts]).toEqual([...truth.map((f) => f.pts + SHIFT), ...truth.map((f) => f.pts + SHIFT + run1)]);
  });

  it("refuses runs whose video was encoded differently: one init cannot describe both", async () => {
    const a = (await run("ffmpeg", ["-v", "error", "-i", fixture("vfr-barcode.mp4"), "-c", "copy", ...FRAG])).stdout;
    const b = (await run("ffmpeg", ["-v", "error", "-i", fixture("product_demo.mp4"), "-c", "copy", ...FRAG])).stdout;
    const index = twoRuns([await segment(3, 0, a), await segment(4, 1, b)], 1000);
    await expect(planJoin(store, index)).rejects.toThrow(JoinError);
    await expect(planJoin(store, index)).rejects.toThrow(/Run 1 was recorded with another video configuration than run 0/);
  });
});
