import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alignAt, alignFrames } from "@/lib/media/align";
import { estimateOffset } from "@/lib/media/align-offset";
import { ffmpegInfo, run, vfrEncodeArgs } from "@/lib/media/ffmpeg";
import { ptsMsOf } from "@/lib/media/timeline";
import { getTimeline } from "@/lib/media/timeline-read";
import { readBarcode } from "@/tests/fixtures/barcode";
import { fixture, readTruth, type Truth } from "@/tests/fixtures/derived";

// Acceptance for "the same moment in two videos": scene-a and scene-b are two recordings of one scene
// whose barcode is the scene clock in 10 ms units; B started 700 ms (scene time) after A.

const A = fixture("scene-a.mp4");
const B = fixture("scene-b.mp4");
const truthA = readTruth("scene-a.mp4");
const truthB = readTruth("scene-b.mp4");
const OFFSET = 700;
/** One frame of B: its nominal frame duration (6006 ticks at 90 kHz = 66.73 ms). */
const B_FRAME_MS = (6006 * 1000) / 90000;
/** How long frame i stays on screen (its successor's pts − its own; Infinity for the last). */
const durationOf = (t: Truth, i: number) => (t.frames[i + 1]?.ptsMs ?? Infinity) - t.frames[i]!.ptsMs;

/** The truth's answer, independent of lib/media: the last frame with ptsMs ≤ ms, −1 if none. */
const truthAt = (t: Truth, ms: number) => t.frames.findLastIndex((f) => f.ptsMs <= ms);
const clockOf = (t: Truth, i: number) => (t.frames[i]?.content ?? NaN) * 10;

async function barcodes(png: Buffer): Promise<[number, number]> {
  // Both videos are 320×240, so the panels are at native size: A at x 0, B at x 328 (8 px gap).
  const read = async (left: number) => {
    const { data, info } = await sharp(png).extract({ left, top: 0, width: 320, height: 240 }).raw().toBuffer({ resolveWithObject: true });
    return readBarcode(data, info.width, info.height, info.channels);
  };
  return [await read(0), await read(328)];
}

/** Every 40 ms over A, every frame's exact pts and 0.5 ms before it, and B's frame boundaries on A's clock. */
function testedMs(): number[] {
  const end = truthA.frames[truthA.frames.length - 1]!.ptsMs + 40;
  const set = new Set<number>();
  for (let ms = 0; ms <= end; ms += 40) set.add(ms);
  for (const f of truthA.frames) set.add(f.ptsMs).add(Math.max(0, f.ptsMs - 0.5));
  for (const f of truthB.frames) if (f.ptsMs + OFFSET <= end) set.add(f.ptsMs + OFFSET).add(f.ptsMs + OFFSET - 0.5);
  return [...set].sort((x, y) => x - y);
}

describe("align: the same moment in scene-a and scene-b", () => {
  it("with --offset 700 picks the truth's frame in each file, and both show the same scene clock within one frame of B", async () => {
    const checked = { both: 0, stall: 0, bNotStarted: 0 };
    for (const ms of testedMs()) {
      const { result } = await alignAt(A, B, ms, { offset: OFFSET });
      const ia = truthAt(truthA, ms);
      const ib = truthAt(truthB, ms - OFFSET);
      expect(result.a, `A at ${ms}`).toMatchObject({ index: ia, skipped: ia, ptsMs: truthA.frames[ia]!.ptsMs });
      if (ib < 0) {
        expect(result.b, `B at ${ms}`).toMatchObject({ index: null, ptsMs: null, skipped: null });
        expect(result.b.note).toMatch(/not started/);
        checked.bNotStarted++;
        continue;
      }
      expect(result.b, `B at ${ms}`).toMatchObject({ index: ib, skipped: ib, ptsMs: truthB.frames[ib]!.ptsMs });
      const diff = Math.abs(clockOf(truthA, ia) - clockOf(truthB, ib));
      const held = Math.max(durationOf(truthA, ia), durationOf(truthB, ib));
      if (held > 100 && held < Infinity) {
        // A stall (A holds a frame 333 ms, B one 222 ms): the held frame is still the right frame of
        // its file (checked above), it just shows an older moment than the other, by at most the hold.
        expect(diff, `scene clocks at ${ms} ms, in a stall`).toBeLessThanOrEqual(held + 10);
        checked.stall++;
      } else {
        // Each picture shows a moment at most one of its own frames (+ the 10 ms clock step) old.
        expect(diff, `scene clocks at ${ms} ms`).toBeLessThanOrEqual(B_FRAME_MS + 10);
        checked.both++;
      }
    }
    expect(checked.both).toBeGreaterThan(150);
    expect(checked.bNotStarted).toBeGreaterThan(20);
    expect(checked.stall).toBeGreaterThan(3);
  }, 60_000);

  it("draws the frames it names: the barcodes in the side-by-side PNG are the truth's contents", async () => {
    for (const ms of [0, 699.9, 700, 733.3, 1000, 1500, 2000, 2500.25, 3000, 3500, 3768]) {
      const { result, image } = await alignFrames(A, B, ms, { offset: OFFSET });
      const meta = await sharp(image).metadata();
      expect(meta).toMatchObject({ format: "png", width: 648, height: 240 + 48 });
      const [ca, cb] = await barcodes(image);
      expect(ca, `A at ${ms}`).toBe(truthA.frames[result.a.index!]!.content);
      // The placeholder is flat dark grey, which reads as 0 (B's clock never shows 0: it starts at 70).
      if (result.b.index === null) expect(cb, `B placeholder at ${ms}`).toBe(0);
      else expect(cb, `B at ${ms}`).toBe(truthB.frames[result.b.index]!.content);
    }
  }, 60_000);

  it("--offset auto finds 700 ms within one frame of B, with a confidence", async () => {
    const e = await estimateOffset(A, B);
    expect(Math.abs(e.offsetMs - OFFSET)).toBeLessThanOrEqual(B_FRAME_MS);
    expect(e.toleranceMs).toBeCloseTo(B_FRAME_MS, 1);
    expect(e.confidence).toBeGreaterThan(0.2);
    expect(e.agreement).toBeGreaterThan(0.7);
    // Swapped: A started 700 ms before B, i.e. at −700 ms, within one frame of scene-a (33.4 ms).
    const r = await estimateOffset(B, A);
    expect(Math.abs(r.offsetMs + OFFSET)).toBeLessThanOrEqual((3003 * 1000) / 90000);
    const { result } = await alignAt(A, B, 2000, { offset: "auto" });
    expect(result.offset).toMatchObject({ mode: "auto" });
    expect(Math.abs(result.offsetMs - OFFSET)).toBeLessThanOrEqual(B_FRAME_MS);
  }, 60_000);

  it("reports a low confidence for two recordings of different scenes", async () => {
    const e = await estimateOffset(fixture("vfr-barcode.mp4"), A);
    expect(e.confidence).toBeLessThan(0.1);
  }, 60_000);

  it("refuses a time outside both recordings, a missing file and a non-video with clear errors", async () => {
    await expect(alignAt(A, B, -1, { offset: OFFSET })).rejects.toThrow(/out of range: A spans 0–3768.5 ms and B 700–/);
    await expect(alignAt(A, B, 99_999, { offset: OFFSET })).rejects.toThrow(/out of range/);
    await expect(alignAt(A, fixture("nope.mp4"), 0)).rejects.toThrow(/file not found/);
    await expect(alignAt(fixture("product-demo.json"), B, 0)).rejects.toThrow(/Not a video/);
  });
});

describe("align: a recording and its source, frame for frame", () => {
  let dir: string;
  let cut: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "fc-align-"));
    cut = path.join(dir, "late-start.ts");
    // A "recording" that joined the stream late: stream copy from the keyframe before 3 s, as MPEG-TS.
    await run("ffmpeg", ["-hide_banner", "-nostdin", "-v", "error", "-y", "-ss", "3", "-i", fixture("vfr-barcode.mp4"), "-c", "copy", "-f", "mpegts", cut]);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("real pictures: a second camera at half size, re-encoded, started 7 s in (pedestrians_vfr.mp4)", async () => {
    const src = fixture("pedestrians_vfr.mp4");
    const cam = path.join(dir, "second-camera.mp4");
    // Accurate seek: the copy's first frame is the source's first frame with pts ≥ 7 s; VFR pts kept.
    await run("ffmpeg", ["-hide_banner", "-nostdin", "-v", "error", "-y", "-ss", "7", "-i", src, "-t", "12", "-vf", "scale=384:288", "-c:v", "libx264", "-crf", "30", ...vfrEncodeArgs((await ffmpegInfo()).ffmpeg), cam]);
    const t = await getTimeline(src);
    let k = 0;
    while (ptsMsOf(t, k) < 7000) k++;
    const e = await estimateOffset(src, cam);
    expect(Math.abs(e.offsetMs - ptsMsOf(t, k)), `estimate ${e.offsetMs}, truth ${ptsMsOf(t, k)}`).toBeLessThanOrEqual(e.toleranceMs);
    expect(e.confidence).toBeGreaterThan(0.3);
  }, 60_000);

  it("auto finds where the recording starts, and then every recording frame is the source's frame", async () => {
    const src = readTruth("vfr-barcode.mp4");
    const { result: first, image } = await alignFrames(fixture("vfr-barcode.mp4"), cut, 0, { offset: "auto" });
    // The recording's first frame shows content k: it started at the source's frame k.
    const { data, info } = await sharp(image).extract({ left: 328, top: 0, width: 320, height: 240 }).raw().toBuffer({ resolveWithObject: true });
    expect(readBarcode(data, info.width, info.height, info.channels)).toBe(0); // the placeholder: not started at 0 ms
    const e = await estimateOffset(fixture("vfr-barcode.mp4"), cut);
    const k = src.frames.findIndex((f) => Math.abs(f.ptsMs - e.offsetMs) < 1);
    expect(k, `offset ${e.offsetMs} is a source frame's pts`).toBeGreaterThan(0);
    expect(first.offsetMs).toBe(Math.round(e.offsetMs * 1000) / 1000);
    expect(e.confidence).toBeGreaterThan(0.3);
    for (let i = k; i < src.frames.length; i += 7) {
      const ms = src.frames[i]!.ptsMs + 0.25;
      const { result } = await alignAt(fixture("vfr-barcode.mp4"), cut, ms, { offset: src.frames[k]!.ptsMs });
      expect(result.a.index).toBe(i);
      expect(result.b.index, `recording frame at source frame ${i}`).toBe(i - k);
    }
  }, 60_000);
});
