import { describe, expect, it } from "vitest";
import { spatialIou } from "@/lib/analysis/relink";
import { boxesAt, buildVideoIndex, matchClick } from "@/lib/match/engine";
import { depthOrder, inFront } from "@/lib/match/occlusion";
import { productAppearances } from "@/lib/player/summary";
import { overlayIndex } from "@/lib/player/sync";
import { overlaySchema } from "@/lib/player/schemas";
import { boxAt, outsideSpans, visibleSpans, type TimedBox } from "@/lib/track/interpolate";

// CVAT's "outside": an outside box starts a span (until the track's next box) where the object is not
// in the picture: no box is produced there, nothing bridges across it, a click there matches nothing.

const B = (ptsMs: number, x: number, outside = false): TimedBox => ({ ptsMs, box: [x, 0, 10, 10], ...(outside ? { outside: true } : {}) });

// Visible 0–100 ms (moving x 0 → 100), outside from 200 until 400, visible again 400–500 (x 400 → 500).
const track = [B(0, 0), B(100, 100), B(200, 200, true), B(400, 400), B(500, 500)];

describe("boxAt with outside spans", () => {
  it("produces no box from an outside box until the next box", () => {
    for (const p of [200, 200.5, 250, 399.999]) expect(boxAt(track, p)).toBeNull();
    expect(boxAt(track, 400)).toEqual([400, 0, 10, 10]);
  });

  it("never interpolates across the span: the box before it moves toward where the object left, the box after starts fresh", () => {
    // 150 ms lies between the last shown box (x 100) and the outside box (x 200): toward 200, not toward 400.
    expect(boxAt(track, 150)).toEqual([150, 0, 10, 10]);
    expect(boxAt(track, 450)).toEqual([450, 0, 10, 10]);
    // Without the flag the same boxes would be one line through 200 → 400.
    const plain = track.map((b) => ({ ptsMs: b.ptsMs, box: b.box }));
    expect(boxAt(plain, 300)).toEqual([300, 0, 10, 10]);
  });

  it("an outside last box ends the track: no hold after it; a track starting outside shows nothing until its next box", () => {
    const ends = [B(0, 0), B(100, 100, true)];
    expect(boxAt(ends, 100, 500)).toBeNull();
    expect(boxAt(ends, 300, 500)).toBeNull();
    expect(boxAt([B(0, 0)], 300, 500)).toEqual([0, 0, 10, 10]);
    const starts = [B(0, 0, true), B(100, 100)];
    expect(boxAt(starts, 50)).toBeNull();
    expect(boxAt(starts, 100)).toEqual([100, 0, 10, 10]);
  });

  it("spans: visible and outside partition the track's time", () => {
    expect(visibleSpans(track)).toEqual([
      [0, 200],
      [400, 500],
    ]);
    expect(outsideSpans(track)).toEqual([[200, 400]]);
    // Two outside boxes in a row are one span; an outside last box is open-ended.
    const tail = [B(0, 0), B(10, 10, true), B(20, 20, true), B(30, 30), B(40, 40, true)];
    expect(outsideSpans(tail)).toEqual([
      [10, 30],
      [40, Infinity],
    ]);
    expect(visibleSpans(tail, 5)).toEqual([
      [0, 10],
      [30, 40],
    ]);
    expect(visibleSpans([B(0, 0)], 5)).toEqual([[0, 5]]);
  });
});

describe("the match engine and the player honour outside spans", () => {
  // 10 ms frames, 0…600 ms.
  const timeline = Array.from({ length: 61 }, (_, i) => i * 10);
  const boxes = track.map((b, i) => ({ frameIndex: i, ptsMs: b.ptsMs, x: b.box[0], y: 0, w: 10, h: 10, outside: b.outside === true }));
  const index = buildVideoIndex({ timeline, tracks: [{ trackId: 1, label: "jacket", boxes }] });

  it("a click inside an outside span matches nothing (not even as a near miss); outside it, it matches", () => {
    expect(boxesAt(index, 300)).toEqual([]);
    expect(matchClick(index, { x: 305, y: 5, timestampS: 0.3 }).match).toBeNull();
    // Where the object left and where it comes back: nothing in the span, even at the outside box's place.
    expect(matchClick(index, { x: 205, y: 5, timestampS: 0.2 }).match).toBeNull();
    expect(matchClick(index, { x: 155, y: 5, timestampS: 0.15 }).match?.trackId).toBe(1);
    expect(matchClick(index, { x: 405, y: 5, timestampS: 0.4 }).match?.trackId).toBe(1);
  });

  it("the player's overlay carries the outside boxes (outsideMs) and draws nothing in the span", () => {
    const overlay = overlaySchema.parse({
      videoId: 1,
      youtubeId: "x",
      width: 640,
      height: 360,
      runId: 1,
      timeline: { timescale: 1000, startPts: 0, pts: timeline },
      tracks: [{ id: 1, label: "jacket", productId: null, holdMs: 0, boxes: track.map((b) => [b.ptsMs, ...b.box]), outsideMs: [200] }],
      products: [],
    });
    const idx = overlayIndex(overlay);
    expect(idx && boxesAt(idx, 300)).toEqual([]);
    expect(idx && boxesAt(idx, 450).map((b) => b.trackId)).toEqual([1]);
  });

  it("occlusion evidence ignores outside boxes", () => {
    // Track 2 is seen over track 1's bridged boxes, except where track 1 is outside.
    const a = { trackId: 1, boxes: [{ ptsMs: 0, box: [0, 0, 10, 10] as [number, number, number, number], observed: false, outside: true }] };
    const b = { trackId: 2, boxes: [{ ptsMs: 0, box: [0, 0, 10, 10] as [number, number, number, number], observed: true }] };
    expect(inFront(depthOrder([a, b], 640, 360), 2, 1)).toBe(0);
    expect(inFront(depthOrder([{ ...a, boxes: [{ ...a.boxes[0]!, outside: false }] }, b], 640, 360), 2, 1)).toBeGreaterThan(0);
  });

  it("a product's on-screen ranges leave the outside span out", () => {
    const [app] = productAppearances([{ trackId: 1, productId: 5, boxes: track.map((b) => ({ ...b, score: 1 })) }], 0);
    expect(app?.ranges).toEqual([
      [0, 200],
      [400, 500],
    ]);
  });
});

describe("re-run relinking", () => {
  it("an outside box is no evidence of where the object was", () => {
    const kept = { label: "jacket", firstMs: 0, lastMs: 100, boxes: [B(0, 0), B(100, 500, true)] };
    const fresh = { label: "jacket", firstMs: 0, lastMs: 100, boxes: [B(0, 0), B(100, 0)] };
    expect(spatialIou(kept, fresh)).toBe(1);
  });
});
