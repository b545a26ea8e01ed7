import { describe, expect, it } from "vitest";
import { decodeCenternet } from "@/lib/detect/centernet";
import { COCO_LABELS, cocoClassId, cocoLabel } from "@/lib/detect/coco";
import { clipBox, iou, letterbox, nms, planViews, touchesInnerEdge, unletterbox, type Box } from "@/lib/geometry/views";
import { decodeNanodet } from "@/lib/detect/nanodet";

describe("geometry", () => {
  it("computes IoU of [x, y, w, h] boxes", () => {
    expect(iou([0, 0, 10, 10], [0, 0, 10, 10])).toBe(1);
    expect(iou([0, 0, 10, 10], [5, 0, 10, 10])).toBeCloseTo(50 / 150);
    expect(iou([0, 0, 10, 10], [20, 20, 5, 5])).toBe(0);
    expect(iou([0, 0, 0, 0], [0, 0, 0, 0])).toBe(0);
  });

  it("suppresses per group in NMS, keeping the best score", () => {
    const items = [
      { box: [0, 0, 10, 10] as Box, score: 0.5, c: 1 },
      { box: [1, 0, 10, 10] as Box, score: 0.9, c: 1 },
      { box: [1, 0, 10, 10] as Box, score: 0.4, c: 2 },
      { box: [50, 50, 10, 10] as Box, score: 0.3, c: 1 },
    ];
    const kept = nms(items, 0.5, (a, b) => a.c === b.c);
    expect(kept.map((k) => k.score)).toEqual([0.9, 0.4, 0.3]);
    expect(nms(items, 0.5).map((k) => k.score)).toEqual([0.9, 0.3]);
  });

  it("letterboxes keeping the aspect and maps boxes back to source pixels", () => {
    const lb = letterbox({ x: 0, y: 0, w: 640, h: 360 }, 512);
    expect([lb.rw, lb.rh]).toEqual([512, 288]);
    expect(unletterbox(lb, 0, 0, 512, 288)).toEqual([0, 0, 640, 360]);
    const tile = letterbox({ x: 256, y: 0, w: 384, h: 360 }, 512);
    const [x, y, w, h] = unletterbox(tile, 0, 0, tile.rw, tile.rh);
    expect([x, y, w, h].map((v) => Math.round(v))).toEqual([256, 0, 384, 360]);
    expect(clipBox([-5, 10, 20, 400], 640, 360)).toEqual([0, 10, 15, 350]);
  });

  it("plans the full frame plus two overlapping tiles along the long side", () => {
    expect(planViews(640, 360, false)).toEqual([{ x: 0, y: 0, w: 640, h: 360 }]);
    const [full, left, right] = planViews(640, 360, true);
    expect(full).toEqual({ x: 0, y: 0, w: 640, h: 360 });
    expect(left).toEqual({ x: 0, y: 0, w: 384, h: 360 });
    expect(right).toEqual({ x: 256, y: 0, w: 384, h: 360 });
    const portrait = planViews(360, 640, true);
    expect(portrait[2]).toEqual({ x: 0, y: 256, w: 360, h: 384 });
  });

  it("flags tile boxes cut by an inner tile edge only", () => {
    const right = { x: 256, y: 0, w: 384, h: 360 };
    expect(touchesInnerEdge([257, 10, 50, 50], right, 640, 360, 4)).toBe(true);
    expect(touchesInnerEdge([300, 0, 340, 360], right, 640, 360, 4)).toBe(false);
  });
});

describe("model output decoding", () => {
  it("reads CenterNet rows x1, y1, x2, y2, score, class above a score floor", () => {
    const rows = new Float32Array([10, 20, 110, 220, 0.8, 16, 0, 0, 5, 5, 0.01, 0]);
    expect(decodeCenternet(rows, 1, 2, 0.1)).toEqual([[{ x1: 10, y1: 20, x2: 110, y2: 220, score: expect.closeTo(0.8, 5) as number, classId: 16 }]]);
  });

  it("decodes NanoDet's GFL distributions into boxes around the cell centre", () => {
    const size = 416;
    const cells = size / 32;
    const scores = new Float32Array(cells * cells * 80);
    const boxes = new Float32Array(cells * cells * 44).fill(-20);
    const cell = 3 * cells + 5; // row 3, column 5
    scores[cell * 80 + 41] = 0.7;
    // Distances of exactly 2, 1, 3 and 4 strides (one-hot distributions).
    [2, 1, 3, 4].forEach((d, side) => (boxes[cell * 44 + side * 11 + d] = 20));
    const empty = (stride: number) => ({ stride, scores: new Float32Array((size / stride) ** 2 * 80), boxes: new Float32Array((size / stride) ** 2 * 44) });
    const [d] = decodeNanodet([empty(8), empty(16), { stride: 32, scores, boxes }], { size, minScore: 0.3 });
    const cx = 5.5 * 32;
    const cy = 3.5 * 32;
    expect(d?.classId).toBe(41);
    expect(d?.x1).toBeCloseTo(cx - 64, 3);
    expect(d?.y1).toBeCloseTo(cy - 32, 3);
    expect(d?.x2).toBeCloseTo(cx + 96, 3);
    expect(d?.y2).toBeCloseTo(cy + 128, 3);
  });

  it("names COCO-80 classes in model order", () => {
    expect(COCO_LABELS).toHaveLength(80);
    expect([cocoLabel(0), cocoLabel(16), cocoLabel(41), cocoLabel(45)]).toEqual(["person", "dog", "cup", "bowl"]);
    expect(cocoClassId("truck")).toBe(7);
    expect(cocoLabel(99)).toBe("class-99");
  });
});
