import { describe, expect, it } from "vitest";
import { matchClick } from "@/lib/match/engine";
import { overlaySchema, type Overlay } from "@/lib/player/schemas";
import { formatMs, mergeRanges, productAppearances } from "@/lib/player/summary";
import { containRect, elementToVideo, frameBoxes, overlayIndex, videoToElement } from "@/lib/player/sync";

// 90 kHz ticks, 29.97 fps then a 400 ms gap: frames at 0, 33.3667, 66.7333, 466.7333 ms.
const overlay: Overlay = overlaySchema.parse({
  videoId: 1,
  youtubeId: "demo-product",
  width: 640,
  height: 360,
  runId: 7,
  timeline: { timescale: 90000, startPts: 1800, pts: [1800, 4803, 7806, 43806] },
  tracks: [
    { id: 11, label: "person", productId: 5, boxes: [[0, 100, 50, 200, 300], [66.73333333333333, 130, 50, 200, 300]] },
    { id: 12, label: "cup", productId: null, boxes: [[33.36666666666667, 10, 10, 20, 20], [466.73333333333335, 50, 10, 20, 20]] },
  ],
  products: [],
});

describe("player overlay sync", () => {
  const index = overlayIndex(overlay)!;

  it("draws the boxes of the last frame with pts ≤ currentTime (between frames and exactly on a pts)", () => {
    const between = frameBoxes(index, 0.05, "current-time");
    expect(between.frameIndex).toBe(1);
    // person interpolated between 0 ms (x 100) and 66.733 ms (x 130) at frame 1's pts (33.367 ms): x 115.
    expect(between.boxes.find((b) => b.trackId === 11)?.box[0]).toBeCloseTo(115, 6);
    expect(between.boxes.find((b) => b.trackId === 11)?.productId).toBe(5);
    const onPts = frameBoxes(index, 66.73333333333333 / 1000, "current-time");
    expect(onPts.frameIndex).toBe(2);
    expect(onPts.boxes.find((b) => b.trackId === 11)?.box).toEqual([130, 50, 200, 300]);
    // In the 400 ms gap frame 2 stays on screen.
    expect(frameBoxes(index, 0.3, "current-time").frameIndex).toBe(2);
    expect(frameBoxes(index, 10, "current-time").frameIndex).toBe(3);
  });

  it("reads a frame callback's µs-truncated mediaTime as that frame, not the one before", () => {
    // Frame 1 is at 33.3666… ms; Chrome reports mediaTime 0.033366 s.
    expect(frameBoxes(index, 0.033366, "media-time").frameIndex).toBe(1);
    expect(frameBoxes(index, 0.033366, "current-time").frameIndex).toBe(0);
    expect(frameBoxes(index, 0.066733, "media-time").frameIndex).toBe(2);
  });

  it("draws exactly what a click matches", () => {
    const f = frameBoxes(index, 0.05, "current-time");
    const person = f.boxes.find((b) => b.trackId === 11)!;
    const m = matchClick(index, { x: person.box[0] + 1, y: person.box[1] + 1, timestampS: 0.05 });
    expect(m.match?.box).toEqual(person.box);
  });

  it("maps object-fit: contain letterboxing both ways", () => {
    // 640×360 in 1000×400: scale 10/9, picture at x 144.44..855.56.
    const r = containRect(1000, 400, 640, 360);
    expect(r.scale).toBeCloseTo(400 / 360, 12);
    expect(r.left).toBeCloseTo((1000 - 640 * (400 / 360)) / 2, 9);
    expect(r.top).toBe(0);
    expect(elementToVideo(100, 200, 1000, 400, 640, 360)).toBeNull();
    const v = elementToVideo(500, 200, 1000, 400, 640, 360)!;
    expect(v.x).toBeCloseTo(320, 9);
    expect(v.y).toBeCloseTo(180, 9);
    const back = videoToElement(320, 180, 1000, 400, 640, 360);
    expect(back.x).toBeCloseTo(500, 9);
    // Pillarbox the other way: a tall element.
    expect(containRect(320, 360, 640, 360)).toMatchObject({ left: 0, top: 90, width: 320, height: 180, scale: 0.5 });
  });

  it("has no index before analysis", () => {
    expect(overlayIndex({ ...overlay, timeline: null })).toBeNull();
  });
});

describe("In this video summary", () => {
  it("merges overlapping or near ranges", () => {
    expect(mergeRanges([[500, 900], [0, 100], [80, 200], [1200, 1300]], 250)).toEqual([[0, 200], [500, 900], [1200, 1300]]);
  });

  it("groups tracks by product with ranges and the largest, most confident box", () => {
    const out = productAppearances([
      { trackId: 2, productId: 9, boxes: [{ ptsMs: 1000, box: [0, 0, 10, 10], score: 0.9 }, { ptsMs: 2000, box: [0, 0, 40, 40], score: 0.9 }] },
      { trackId: 1, productId: 9, boxes: [{ ptsMs: 5000, box: [0, 0, 50, 50], score: 0.1 }] },
      { trackId: 3, productId: null, boxes: [{ ptsMs: 0, box: [0, 0, 99, 99], score: 1 }] },
      { trackId: 4, productId: 8, boxes: [{ ptsMs: 300, box: [1, 2, 3, 4], score: 0.5 }] },
    ]);
    expect(out).toEqual([
      { productId: 8, trackIds: [4], ranges: [[300, 300]], best: { ptsMs: 300, box: [1, 2, 3, 4] } },
      { productId: 9, trackIds: [1, 2], ranges: [[1000, 2000], [5000, 5000]], best: { ptsMs: 2000, box: [0, 0, 40, 40] } },
    ]);
  });

  it("formats times", () => {
    expect(formatMs(3200)).toBe("0:03.2");
    expect(formatMs(65_000)).toBe("1:05.0");
  });
});
