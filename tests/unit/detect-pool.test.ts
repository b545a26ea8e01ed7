import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDetector, type Detector } from "@/lib/detect/detector";
import { ModelLoadError } from "@/lib/detect/models";
import { createDetectorPool, type DetectorPool } from "@/lib/detect/pool";
import type { RgbFrame } from "@/lib/detect/types";

const VIDEO = "../shared/fixtures/media/product_demo.mp4";

/** Local stand-in for lib/media's decoder: a few frames as raw RGB24 through ffmpeg. */
function frames(indices: number[]): RgbFrame[] {
  const raw = execFileSync("/usr/bin/ffmpeg", ["-v", "error", "-i", VIDEO, "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], { maxBuffer: 1 << 30 });
  const size = 640 * 360 * 3;
  return indices.map((i) => ({ data: new Uint8Array(raw.subarray(i * size, (i + 1) * size)), width: 640, height: 360 }));
}

describe("detector pool (2 worker threads, wasm)", () => {
  let pool: DetectorPool;
  let local: Detector;
  const input = frames([10, 40, 70, 100, 130, 150]);

  beforeAll(async () => {
    [pool, local] = await Promise.all([createDetectorPool({ size: 2, backend: "wasm" }), createDetector({ backend: "wasm" })]);
  });
  afterAll(async () => {
    await pool?.close();
    local?.dispose();
  });

  it("starts one backend per worker and reports it", () => {
    expect(pool.size).toBe(2);
    expect(pool.backend.name).toBe("wasm");
  });

  it("gives the same detections as the in-thread detector, resolved in submission order", async () => {
    const settled: number[] = [];
    const results = await Promise.all(input.map((f, i) => pool.detect(f).then((d) => (settled.push(i), d))));
    expect(settled).toEqual([0, 1, 2, 3, 4, 5]);
    expect(pool.pending()).toBe(0);
    for (const [i, f] of input.entries()) {
      const expected = await local.detect(f);
      const got = results[i] ?? [];
      expect(got.map((d) => d.label)).toEqual(expected.map((d) => d.label));
      got.forEach((d, k) => d.box.forEach((v, j) => expect(v).toBeCloseTo(expected[k]?.box[j] ?? NaN, 3)));
    }
  });

  it("copies by default and detaches only when asked to transfer", async () => {
    const own = input.map((f) => ({ ...f, data: new Uint8Array(f.data) }));
    const first = own[0] as RgbFrame;
    await pool.detect(first);
    expect(first.data.byteLength).toBe(640 * 360 * 3);
    const dets = await pool.detect(first, { transfer: true, features: true });
    expect(first.data.byteLength).toBe(0);
    expect(dets[0]?.feature).toBeInstanceOf(Float32Array);
  });

  it("surfaces worker-side errors as typed errors", async () => {
    await expect(pool.detect({ data: new Uint8Array(3), width: 640, height: 360 })).rejects.toThrow(RangeError);
    await expect(createDetectorPool({ size: 1, backend: "wasm", modelDir: "/nonexistent" })).rejects.toBeInstanceOf(ModelLoadError);
  });
});
