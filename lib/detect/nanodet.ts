import type { GraphModel, Tensor, Tensor4D } from "@tensorflow/tfjs";
import type { Tf } from "@/lib/detect/backend";
import type { ModelRunner } from "@/lib/detect/centernet";
import type { RawDetection } from "@/lib/detect/types";

export const NANODET_INPUT = 416;
const REG_BINS = 11;
// NanoDet-m (GFL head): one score map and one box-distribution map per stride, 52², 26², 13² cells.
const LEVELS = [
  { stride: 8, scores: "Identity:0", boxes: "Identity_3:0" },
  { stride: 16, scores: "Identity_1:0", boxes: "Identity_4:0" },
  { stride: 32, scores: "Identity_2:0", boxes: "Identity_5:0" },
] as const;
const MEAN = [123.675, 116.28, 103.53];
const STD = [58.395, 57.12, 57.375];

export interface NanodetDecodeOptions {
  size: number;
  minScore: number;
  /** Cell centres at (i + 0.5) * stride as in NanoDet's GFL head. */
  halfCell?: boolean;
}

/** Expected distance from a softmax over the bins (GFL "integral"), in strides. */
function integral(reg: Float32Array, offset: number): number {
  let max = -Infinity;
  for (let k = 0; k < REG_BINS; k++) max = Math.max(max, reg[offset + k] ?? 0);
  let sum = 0;
  let acc = 0;
  for (let k = 0; k < REG_BINS; k++) {
    const e = Math.exp((reg[offset + k] ?? 0) - max);
    sum += e;
    acc += e * k;
  }
  return acc / sum;
}

/** Decodes one image's three levels into boxes in input pixels; keeps the best class per cell. */
export function decodeNanodet(levels: { stride: number; scores: Float32Array; boxes: Float32Array }[], opts: NanodetDecodeOptions): RawDetection[] {
  const dets: RawDetection[] = [];
  const half = opts.halfCell === false ? 0 : 0.5;
  for (const { stride, scores, boxes } of levels) {
    const cells = Math.round(opts.size / stride);
    const classes = scores.length / (cells * cells);
    for (let c = 0; c < cells * cells; c++) {
      let best = -1;
      let score = opts.minScore;
      for (let k = 0; k < classes; k++) {
        const s = scores[c * classes + k] ?? 0;
        if (s >= score) {
          score = s;
          best = k;
        }
      }
      if (best < 0) continue;
      const cx = ((c % cells) + half) * stride;
      const cy = (Math.floor(c / cells) + half) * stride;
      const o = c * REG_BINS * 4;
      const l = integral(boxes, o) * stride;
      const t = integral(boxes, o + REG_BINS) * stride;
      const r = integral(boxes, o + 2 * REG_BINS) * stride;
      const b = integral(boxes, o + 3 * REG_BINS) * stride;
      dets.push({ x1: cx - l, y1: cy - t, x2: cx + r, y2: cy + b, score, classId: best });
    }
  }
  return dets;
}

/** NanoDet-m 416 (human-models): NCHW input normalised with ImageNet mean/std, per-class sigmoid scores. */
export function nanodetRunner(tf: Tf, model: GraphModel, floorScore = 0.1): ModelRunner {
  const names = LEVELS.flatMap((l) => [l.scores, l.boxes]);
  return {
    inputSize: NANODET_INPUT,
    async run(views: Tensor4D[]) {
      const results: RawDetection[][] = [];
      for (const view of views) {
        const input = tf.tidy(() => tf.transpose(tf.div(tf.sub(view, MEAN), STD), [0, 3, 1, 2]));
        const outs = model.execute(input, names) as Tensor[];
        try {
          const data = await Promise.all(outs.map((t) => t.data() as Promise<Float32Array>));
          const levels = LEVELS.map((l, k) => ({ stride: l.stride, scores: data[2 * k] ?? new Float32Array(), boxes: data[2 * k + 1] ?? new Float32Array() }));
          results.push(decodeNanodet(levels, { size: NANODET_INPUT, minScore: floorScore }));
        } finally {
          tf.dispose([input, ...outs]);
        }
      }
      return results;
    },
    dispose: () => model.dispose(),
  };
}
