import type { Box } from "@/lib/geometry/views";

/** One decoded video frame or still: packed RGB24, row-major, no padding. */
export interface RgbFrame {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface Detection {
  label: string;
  classId: number;
  score: number;
  /** [x, y, w, h] in source pixels. */
  box: Box;
  /** Colour-histogram appearance (only with `features: true`), for the tracker's re-identification. */
  feature?: Float32Array;
}

/** A detection in one model input's pixels (x1, y1, x2, y2), before it is mapped back to the frame. */
export interface RawDetection {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  score: number;
  classId: number;
}

export interface DetectOptions {
  /** Lowest score kept (CenterNet scores are low: ~0.2 is a real object). */
  minScore?: number;
  /** Also analyse two overlapping half-frame tiles for recall of small objects. */
  tiles?: boolean;
  /** IoU above which two boxes of one class are the same object. */
  nmsIou?: number;
  /** IoU above which boxes of different classes are one object seen as two classes. */
  crossClassIou?: number;
  /** Keep only these COCO class ids (all when absent). */
  classes?: readonly number[];
  maxDetections?: number;
  /** Attach an appearance feature to each detection (computed where the pixels are, e.g. in the worker). */
  features?: boolean;
}
