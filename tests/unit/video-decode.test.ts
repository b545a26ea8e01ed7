import { execFileSync } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeFrames, extractFrame, planFrames, type DecodeOptions, type DecodedFrame } from "@/lib/media/frames";
import { planRuns } from "@/lib/media/decode-frames";
import { makeTimeline, ptsMsOf } from "@/lib/media/timeline";
import { getTimeline } from "@/lib/media/timeline-read";
import { readBarcode } from "@/tests/fixtures/barcode";
import { fixture, makeDerived, readTruth, removeDerived, type Derived, type Truth } from "@/tests/fixtures/derived";

interface Seen {
  index: number;
  ptsMs: number;
  content: number;
}

async function decodeAll(file: string, opts: DecodeOptions = {}): Promise<Seen[]> {
  const out: Seen[] = [];
  for await (const f of decodeFrames(file, opts)) {
    expect(f.data.length).toBe(f.width * f.height * 3);
    out.push({ index: f.index, ptsMs: f.ptsMs, content: readBarcode(f.data, f.width, f.height, 3) });
  }
  return out;
}

const expected = (truth: Truth, indices: number[]): Seen[] =>
  indices.map((i) => ({ index: i, ptsMs: truth.frames[i]?.ptsMs ?? NaN, content: truth.frames[i]?.content ?? NaN }));

/** The truth's own answer for fps sampling: the frame on screen at each k/fps, each frame once. */
function truthSamples(truth: Truth, fps: number, startMs = 0, endMs = Infinity): number[] {
  const last = truth.frames[truth.frames.length - 1]?.ptsMs ?? 0;
  const out: number[] = [];
  for (let k = 0; (k * 1000) / fps <= last; k++) {
    const s = (k * 1000) / fps;
    if (s < startMs || s >= endMs) continue;
    const i = truth.frames.findLastIndex((f) => f.ptsMs <= s);
    if (out[out.length - 1] !== i) out.push(i);
  }
  return out;
}

const ffmpegChildren = () =>
  execFileSync("ps", ["-o", "comm=", "--ppid", String(process.pid)], { encoding: "utf8" })
    .split("\n")
    .filter((l) => l.includes("ffmpeg"));

describe("decodeFrames labels every frame exactly (barcode read back)", () => {
  for (const name of ["vfr-barcode.mp4", "scene-a.mp4", "scene-b.mp4"]) {
    it(`${name}: every frame, in order, with its truth index, pts and content`, async () => {
      const truth = readTruth(name);
      expect(await decodeAll(fixture(name))).toEqual(expected(truth, truth.frames.map((_, i) => i)));
    });
  }

  it("product_demo.mp4: every frame's pts equals the truth", async () => {
    const truth = readTruth("product_demo.mp4");
    const got: number[] = [];
    for await (const f of decodeFrames(fixture("product_demo.mp4"), { width: 320 })) {
      expect([f.width, f.height]).toEqual([320, 180]);
      got.push(f.ptsMs);
    }
    expect(got).toEqual(truth.frames.map((f) => f.ptsMs));
  });

  for (const fps of [1, 7.5, 29.97, 100]) {
    it(`vfr-barcode.mp4 at ${fps} fps: the frame on screen at each step, once, scaled`, async () => {
      const truth = readTruth("vfr-barcode.mp4");
      const want = truthSamples(truth, fps);
      expect(planFrames(await getTimeline(fixture("vfr-barcode.mp4")), { fps })).toEqual(want);
      expect(await decodeAll(fixture("vfr-barcode.mp4"), { fps, width: 160 })).toEqual(expected(truth, want));
    });
  }

  it("startMs/endMs: from the frame on screen at startMs, up to endMs (exclusive), with a seek", async () => {
    const truth = readTruth("vfr-barcode.mp4");
    const from = truth.frames.findLastIndex((f) => f.ptsMs <= 4000);
    const to = truth.frames.findIndex((f) => f.ptsMs >= 6000);
    const range = Array.from({ length: to - from }, (_, k) => from + k);
    expect(await decodeAll(fixture("vfr-barcode.mp4"), { startMs: 4000, endMs: 6000 })).toEqual(expected(truth, range));
    const sampled = truthSamples(truth, 10, 5000, 8000);
    expect(await decodeAll(fixture("vfr-barcode.mp4"), { fps: 10, startMs: 5000, endMs: 8000 })).toEqual(expected(truth, sampled));
    expect(await decodeAll(fixture("vfr-barcode.mp4"), { startMs: 5000, endMs: 5000 })).toEqual([]);
  });

  it("a timeline from the DB (no keyframe list) still decodes exactly from the middle", async () => {
    const truth = readTruth("scene-a.mp4");
    const t = await getTimeline(fixture("scene-a.mp4"));
    const bare = makeTimeline(t.timescale, t.pts);
    const want = truthSamples(truth, 5, 2000);
    expect(await decodeAll(fixture("scene-a.mp4"), { timeline: bare, fps: 5, startMs: 2000 })).toEqual(expected(truth, want));
  });
});

describe("decodeFrames plans ffmpeg runs", () => {
  const pts = Float64Array.from({ length: 5000 }, (_, i) => i * 100);
  const t = { ...makeTimeline(1000, pts), keyframes: Uint32Array.from({ length: 100 }, (_, i) => i * 50) };

  it("one run for consecutive frames, a new run when a keyframe skips many frames, sets capped", () => {
    expect(planRuns(t, Array.from({ length: 3000 }, (_, i) => i))).toHaveLength(1);
    expect(planRuns(t, [0, 10, 20, 400, 410]).map((r) => r.length)).toEqual([3, 2]);
    const sparse = Array.from({ length: 2500 }, (_, i) => i * 2);
    expect(planRuns(t, sparse).map((r) => r.length)).toEqual([1024, 1024, 452]);
  });
});

describe("decodeFrames on remuxed files", () => {
  let d: Derived;
  const truth = readTruth("vfr-barcode.mp4");
  beforeAll(async () => {
    d = await makeDerived();
  });
  afterAll(() => removeDerived(d));

  /** Each decoded frame shows original frame `content`; its ptsMs must match the original's, shifted. */
  async function checkShifted(file: string, tolMs: number) {
    const seen = await decodeAll(file);
    const shift = (truth.frames[seen[0]?.content ?? 0]?.ptsMs ?? 0) - (seen[0]?.ptsMs ?? 0);
    for (const [i, s] of seen.entries()) {
      expect(s.index).toBe(i);
      expect(Math.abs((truth.frames[s.content]?.ptsMs ?? NaN) - shift - s.ptsMs)).toBeLessThanOrEqual(tolMs);
    }
    const t = await getTimeline(file);
    for (const i of [1, Math.floor(t.frameCount / 2), t.frameCount - 1]) {
      const r = await extractFrame(file, ptsMsOf(t, i), { timeline: t, format: "jpeg" });
      const { data, info } = await sharp(r.image).raw().toBuffer({ resolveWithObject: true });
      expect([r.index, readBarcode(data, info.width, info.height, info.channels)]).toEqual([i, seen[i]?.content]);
    }
    return seen;
  }

  it("MPEG-TS with a 1.47 s start time", async () => {
    expect((await checkShifted(d.ts, 0)).length).toBe(226);
  });
  it("Matroska (pts rounded to 1 ms)", async () => {
    expect((await checkShifted(d.mkv, 1)).length).toBe(226);
  });
  it("MP4 with an edit list starting mid-GOP", async () => {
    const seen = await checkShifted(d.trim, 1e-6);
    expect(seen[0]?.content).toBeGreaterThan(0);
  });
  it("MP4 with an edit list cut short, and a truncated MP4", async () => {
    expect((await checkShifted(d.elstCut, 0)).at(-1)?.content).toBe(truth.frames.findLastIndex((f) => f.ptsMs < 5000));
    expect((await checkShifted(d.truncated, 0)).length).toBe((await getTimeline(d.truncated)).frameCount);
  });
});

describe("decodeFrames streaming", () => {
  const file = fixture("pedestrians_vfr.mp4");

  it("pauses ffmpeg while the consumer is slow, and kills it when the consumer stops", async () => {
    let n = 0;
    let aliveWhilePaused = false;
    for await (const f of decodeFrames(file)) {
      expect(f.data.length).toBe(768 * 576 * 3);
      if (++n === 2) {
        await sleep(1500); // 234 frames × 1.3 MB cannot fit in pipe buffers: ffmpeg must be waiting
        aliveWhilePaused = ffmpegChildren().length > 0;
      }
      if (n === 3) break;
    }
    expect(aliveWhilePaused).toBe(true);
    expect(ffmpegChildren()).toEqual([]);
  });

  it("stops and throws when the signal aborts", async () => {
    const ac = new AbortController();
    const got: DecodedFrame[] = [];
    const run = async () => {
      for await (const f of decodeFrames(file, { signal: ac.signal })) {
        got.push(f);
        if (got.length === 2) ac.abort();
      }
    };
    await expect(run()).rejects.toThrow(/abort/i);
    expect(got.length).toBeLessThanOrEqual(3);
    expect(ffmpegChildren()).toEqual([]);
  });
});
