import { COCO_LABELS } from "@/lib/detect/coco";

// A product's itemName is one of the detectors' COCO class names (the one list lives in lib/detect).
export const COCO_CLASSES = COCO_LABELS;

export type CocoClass = (typeof COCO_CLASSES)[number];

const SET: ReadonlySet<string> = new Set(COCO_CLASSES);

export function isCocoClass(value: string): value is CocoClass {
  return SET.has(value);
}
