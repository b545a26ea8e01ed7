import { describe, expect, it } from "vitest";
import { analyzeFrames, type AnalysisFrameInput } from "@/lib/detect/analyze";
import type { Detector } from "@/lib/detect/detector";
import type { DetectOptions, Detection, RgbFrame } from "@/lib/detect/types";

/** A detector stub: one "dog" moving right 4 px per frame, found from the frame's first pixel value. */
function stubDetector(seen: DetectOptions[] = []): Detector {
  return {
    model: "centernet",
    backend: { requested: "wasm", name: "wasm", version: "stub", skipped: [] },
    async detect(frame: RgbFrame, opts: DetectOptions = {}): Promise<Detection[]> {
      seen.push(opts);
      const i = frame.data[0] ?? 0;
      if (i === 255) return [];
      return [{ label: "dog", classId: 16, score: 0.6, box: [10 + 4 * i, 20, 50, 80], feature: opts.features ? new Float32Array([1, 0]) : undefined }];
    },
    dispose: () => undefined,
  };
}

function frames(n: number, blankFrom = Infinity): AnalysisFrameInput[] {
  return Array.from({ length: n }, (_, i) => {
    const data = new Uint8Array(4 * 4 * 3);
    data[0] = i >= blankFrom ? 255 : i;
    return { index: i * 2, ptsMs: i * 66.7, width: 4, height: 4, data };
  });
}

describe("analyzeFrames", () => {
  it("tracks through the stream and returns frames, tracks and trackBoxes that agree", async () => {
    const seen: DetectOptions[] = [];
    const progress: number[] = [];
    const result = await analyzeFrames(frames(6), { detector: stubDetector(seen), onProgress: (p) => progress.push(p.framesDone) });
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seen[0]).toMatchObject({ minScore: 0.12, features: true });
    expect(result.tracks).toEqual([{ trackId: 1, label: "dog", firstMs: 0, lastMs: 5 * 66.7 }]);
    expect(result.frames.map((f) => f.index)).toEqual([0, 2, 4, 6, 8, 10]);
    // The first frame's box (before the track was confirmed) is listed too.
    expect(result.frames.every((f) => f.objects.length === 1 && f.objects[0]?.trackId === 1)).toBe(true);
    expect(result.trackBoxes["1"]?.map((b) => b.frameIndex)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(result.trackBoxes["1"]?.[0]).toMatchObject({ ptsMs: 0, box: [10, 20, 50, 80], score: 0.6 });
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it("leaves frames without objects empty and accepts an async source", async () => {
    async function* source(): AsyncGenerator<AnalysisFrameInput> {
      yield* frames(5, 3);
    }
    const result = await analyzeFrames(source(), { detector: stubDetector() });
    expect(result.frames.map((f) => f.objects.length)).toEqual([1, 1, 1, 0, 0]);
  });

  it("stops on abort and needs a pool or a detector", async () => {
    const ctrl = new AbortController();
    const run = analyzeFrames(frames(6), { detector: stubDetector(), onProgress: (p) => p.framesDone === 2 && ctrl.abort(new Error("stop")), signal: ctrl.signal });
    await expect(run).rejects.toThrow("stop");
    await expect(analyzeFrames(frames(1), {})).rejects.toThrow(TypeError);
  });
});
