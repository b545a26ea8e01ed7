import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { annotateVideo, boxesAt } from "@/lib/analysis/annotate";
import { trackColor } from "@/lib/analysis/draw";
import type { DetectionsDocument } from "@/lib/analysis/schema";
import { decodeFrames } from "@/lib/media/frames";
import { ptsMsOf } from "@/lib/media/timeline";
import { readTimeline } from "@/lib/media/timeline-read";
import { readBarcode } from "@/tests/fixtures/barcode";
import { fixture, readTruth } from "@/tests/fixtures/derived";

// The annotated MP4 keeps the source's exact pts (VFR, stalls, rotation) and its frames in order,
// with boxes interpolated between analysed frames.

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "fc-annotate-test-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A box on a lower part of the barcode video that moves right between two analysed frames. */
function movingBox(t1: number): DetectionsDocument {
  return {
    videoId: "vfr-barcode",
    width: 320,
    height: 240,
    model: "centernet",
    backend: "wasm",
    analysisFps: 1,
    frames: [
      { index: 0, ptsMs: 0, objects: [{ trackId: 4, label: "cup", score: 0.5, box: [20, 120, 60, 60] }] },
      { index: 30, ptsMs: t1, objects: [{ trackId: 4, label: "cup", score: 0.5, box: [220, 120, 60, 60] }] },
    ],
    tracks: [{ trackId: 4, label: "cup", firstMs: 0, lastMs: t1 }],
  };
}

describe("annotated video", () => {
  it("keeps every frame's exact pts and order on a VFR video (stall and rate changes)", async () => {
    const src = fixture("vfr-barcode.mp4");
    const truth = readTruth("vfr-barcode.mp4");
    const t = await readTimeline(src);
    const out = path.join(dir, "barcode.mp4");
    const doc = movingBox(ptsMsOf(t, 30));
    const res = await annotateVideo(src, out, doc);
    expect(res.frames).toBe(truth.frames.length);
    const o = await readTimeline(out);
    expect(o.frameCount).toBe(t.frameCount);
    // Same ticks from the first frame: the output counts in the source's timescale.
    expect(o.timescale).toBe(t.timescale);
    for (let i = 0; i < t.frameCount; i++) expect(ptsMsOf(o, i)).toBe(ptsMsOf(t, i));
    // Frame i of the output shows frame i of the source (barcode), with the box where it should be.
    const c = trackColor(4);
    let checked = 0;
    for await (const f of decodeFrames(out)) {
      expect(readBarcode(f.data, f.width, f.height, 3)).toBe(truth.frames[f.index]?.content);
      if (f.index <= 30) {
        const x = Math.round(20 + (200 * f.ptsMs) / ptsMsOf(t, 30)); // left edge, interpolated
        // The 2-px line lands within a pixel of x; 4:2:0 chroma blurs its edge pixels, so take the best one.
        const deviation = Math.min(
          ...[x - 1, x, x + 1, x + 2].map((xx) => {
            const at = (150 * f.width + xx) * 3;
            return Math.max(...[0, 1, 2].map((k) => Math.abs((f.data[at + k] ?? 0) - (c[k] as number))));
          }),
        );
        expect(deviation).toBeLessThan(70); // the background around it is over 120 away
        checked++;
      }
    }
    expect(checked).toBe(31);
  }, 60_000);

  it("keeps pts of a rotated phone clip, drawn in displayed orientation", async () => {
    const src = fixture("dog_phone_vfr_rot90.mp4");
    const t = await readTimeline(src);
    const out = path.join(dir, "rot.mp4");
    const doc: DetectionsDocument = { ...movingBox(ptsMsOf(t, 10)), frames: [], tracks: [] };
    await annotateVideo(src, out, doc);
    const o = await readTimeline(out);
    expect(Array.from({ length: o.frameCount }, (_, i) => ptsMsOf(o, i))).toEqual(Array.from({ length: t.frameCount }, (_, i) => ptsMsOf(t, i)));
  }, 60_000);

  it("shows a track only inside its time span, interpolated", () => {
    const tracks = [{ trackId: 1, label: "dog", firstMs: 100, lastMs: 300, boxes: [{ ptsMs: 100, box: [0, 0, 10, 10] as [number, number, number, number] }, { ptsMs: 300, box: [20, 0, 10, 10] as [number, number, number, number] }] }];
    expect(boxesAt(tracks, 50)).toEqual([]);
    expect(boxesAt(tracks, 200)).toEqual([{ trackId: 1, label: "dog", box: [10, 0, 10, 10] }]);
    expect(boxesAt(tracks, 301)).toEqual([]);
  });

  it("stops ffmpeg and rejects when aborted", async () => {
    const ac = new AbortController();
    const out = path.join(dir, "aborted.mp4");
    const p = annotateVideo(fixture("pedestrians_vfr.mp4"), out, { ...movingBox(100), width: 768, height: 576 }, {
      signal: ac.signal,
      onFrame: (n) => {
        if (n === 5) ac.abort(new Error("stop here"));
      },
    });
    await expect(p).rejects.toThrow("stop here");
  }, 60_000);
});
