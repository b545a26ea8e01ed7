import type { GraphModel, Tensor, Tensor4D } from "@tensorflow/tfjs";
import type { RawDetection } from "@/lib/detect/types";

export const CENTERNET_INPUT = 512;
const OUTPUT = "tower_0/detections";

export interface ModelRunner {
  readonly inputSize: number;
  /** Letterboxed views, each [1, size, size, 3] RGB floats 0–255; detections in input pixels per view. */
  run(views: Tensor4D[]): Promise<RawDetection[][]>;
  dispose(): void;
}

/** Decodes CenterNet's [n, 100, 6] output rows (x1, y1, x2, y2, score, class). */
export function decodeCenternet(values: Float32Array | Int32Array | Uint8Array, n: number, rows: number, minScore: number): RawDetection[][] {
  const out: RawDetection[][] = [];
  for (let b = 0; b < n; b++) {
    const dets: RawDetection[] = [];
    for (let r = 0; r < rows; r++) {
      const o = (b * rows + r) * 6;
      const score = values[o + 4] ?? 0;
      if (score < minScore) continue;
      dets.push({ x1: values[o] ?? 0, y1: values[o + 1] ?? 0, x2: values[o + 2] ?? 0, y2: values[o + 3] ?? 0, score, classId: Math.round(values[o + 5] ?? -1) });
    }
    out.push(dets);
  }
  return out;
}

/**
 * CenterNet (MobileNetV3, human-models): raw 0–255 RGB in, top-100 boxes out. The graph is fixed at
 * batch 1, so views run one by one (each its own tensor: slicing a stacked batch cost ~25 ms a view on wasm).
 */
export function centernetRunner(model: GraphModel, floorScore = 0.05): ModelRunner {
  return {
    inputSize: CENTERNET_INPUT,
    async run(views) {
      const results: RawDetection[][] = [];
      for (const view of views) {
        const out = model.execute(view, OUTPUT) as Tensor;
        try {
          const values = (await out.data()) as Float32Array;
          results.push(...decodeCenternet(values, 1, out.shape[1] ?? 100, floorScore));
        } finally {
          out.dispose();
        }
      }
      return results;
    },
    dispose: () => model.dispose(),
  };
}
