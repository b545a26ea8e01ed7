import { describe, expect, it } from "vitest";
import { analysisHoldMs, boxesAt, buildVideoIndex, frameOnScreen, hitTest, matchClick, matchPlayerClick, type MatchTrackInput } from "@/lib/match/engine";
import { IntervalTree } from "@/lib/match/interval-tree";
import { makeTimeline } from "@/lib/media/timeline";

// 29.97 fps frames, then a 0.4 s gap, then 15 fps: a VFR timeline in ms from the first frame.
const vfrMs: number[] = [];
for (let i = 0; i < 60; i++) vfrMs.push((i * 1001) / 30);
const afterGap = (vfrMs[59] as number) + 400;
for (let i = 0; i < 30; i++) vfrMs.push(afterGap + (i * 1000) / 15);

function track(trackId: number, label: string, boxes: [number, number, number, number, number][]): MatchTrackInput {
  return { trackId, label, boxes: boxes.map(([ptsMs, x, y, w, h], i) => ({ frameIndex: i, ptsMs, x, y, w, h })) };
}

describe("frame on screen (the timeline rule)", () => {
  const index = buildVideoIndex({ timeline: vfrMs, tracks: [] });

  it("a click exactly at a frame's pts is that frame (every frame, despite s→ms rounding)", () => {
    vfrMs.forEach((ms, i) => {
      const f = frameOnScreen(index, ms / 1000);
      expect(f.frameIndex).toBe(i);
      expect(f.ptsMs).toBe(ms);
    });
  });

  it("just before a frame's pts is the previous frame; between two frames is the earlier", () => {
    expect(frameOnScreen(index, ((vfrMs[10] as number) - 0.001) / 1000).frameIndex).toBe(9);
    expect(frameOnScreen(index, ((vfrMs[10] as number) + (vfrMs[11] as number)) / 2000).frameIndex).toBe(10);
    // Inside the 0.4 s gap the last frame before it stays on screen.
    expect(frameOnScreen(index, ((vfrMs[59] as number) + 399) / 1000).frameIndex).toBe(59);
    expect(frameOnScreen(index, afterGap / 1000).frameIndex).toBe(60);
  });

  it("past the end the last frame stays on screen; before the first nothing is", () => {
    expect(frameOnScreen(index, 3600).frameIndex).toBe(vfrMs.length - 1);
    const late = buildVideoIndex({ timeline: [40, 80], tracks: [] });
    expect(frameOnScreen(late, 0.01)).toMatchObject({ frameIndex: null, ptsMs: null });
    expect(matchClick(buildVideoIndex({ timeline: [], tracks: [] }), { x: 1, y: 1, timestampS: 1 })).toEqual({ frameIndex: null, ptsMs: null, match: null });
    expect(() => frameOnScreen(index, Number.NaN)).toThrow(RangeError);
  });

  it("takes a lib/media Timeline in ticks (ms counted from the first frame's pts)", () => {
    // 90 kHz, first pts 3003 ticks: frames at 0, 33.3667, 66.7333 ms.
    const t = makeTimeline(90000, Float64Array.from([3003, 6006, 9009]));
    const idx = buildVideoIndex({ timeline: t, tracks: [] });
    expect(frameOnScreen(idx, 0.0333666).frameIndex).toBe(0);
    expect(frameOnScreen(idx, 1001 / 30000)).toMatchObject({ frameIndex: 1, ptsMs: 1001 / 30 });
  });

  it("reports the given frame indices when the timeline lists only analysed frames", () => {
    const idx = buildVideoIndex({ timeline: [0, 100, 200], frameIndices: [0, 3, 6], tracks: [] });
    expect(frameOnScreen(idx, 0.15)).toMatchObject({ frameIndex: 3, ptsMs: 100 });
    expect(() => buildVideoIndex({ timeline: [0, 100], frameIndices: [0], tracks: [] })).toThrow(/frameIndices/);
  });
});

describe("matchClick", () => {
  const timeline = [0, 50, 100, 150, 200];
  const tracks = [
    track(1, "person", [[0, 0, 0, 200, 300], [200, 0, 0, 200, 300]]),
    track(2, "cup", [[0, 50, 50, 40, 40], [200, 50, 50, 40, 40]]),
    track(3, "dog", [[0, 400, 100, 100, 100], [100, 500, 100, 100, 100]]),
    track(4, "cat", [[150, 300, 250, 50, 50], [200, 300, 250, 50, 50]]),
  ];
  const index = buildVideoIndex({ timeline, tracks, width: 640, height: 360 });

  it("nested boxes → the smallest containing the point, with high confidence", () => {
    const r = matchClick(index, { x: 70, y: 70, timestampS: 0 });
    expect(r).toMatchObject({ frameIndex: 0, ptsMs: 0, match: { trackId: 2, label: "cup", box: [50, 50, 40, 40], hit: "inside", confidence: 1 } });
    const outer = matchClick(index, { x: 10, y: 10, timestampS: 0 });
    expect(outer.match).toMatchObject({ trackId: 1, label: "person", hit: "inside" });
    expect(outer.match?.confidence).toBeGreaterThanOrEqual(0.6);
    expect(outer.match?.confidence).toBeLessThan(1);
  });

  it("interpolates boxes between analysed frames at the pts of the frame on screen", () => {
    // Dog moves 400 → 500 between 0 and 100 ms; at 50 ms it is at x = 450.
    expect(boxesAt(index, 50).find((b) => b.trackId === 3)?.box).toEqual([450, 100, 100, 100]);
    // 0.07 s falls on the frame at 50 ms, so the box is the one at 50 ms (not at 70 ms).
    const r = matchClick(index, { x: 445, y: 150, timestampS: 0.07 });
    expect(r.ptsMs).toBe(50);
    expect(r.match).toMatchObject({ trackId: 3, hit: "near" });
    expect(matchClick(index, { x: 455, y: 150, timestampS: 0.07 }).match).toMatchObject({ trackId: 3, box: [450, 100, 100, 100], hit: "inside" });
    // After the dog's last analysed box (100 ms) it is gone.
    expect(boxesAt(index, 150).some((b) => b.trackId === 3)).toBe(false);
  });

  it("a near miss matches the nearest box within the tolerance, with lower confidence", () => {
    // Tolerance: 2% of the 640×360 diagonal ≈ 14.7 px.
    expect(index.tolerancePx).toBeCloseTo(0.02 * Math.hypot(640, 360));
    const r = matchClick(index, { x: 205, y: 100, timestampS: 0 });
    expect(r.match).toMatchObject({ trackId: 1, hit: "near" });
    expect(r.match?.confidence).toBeLessThan(0.5);
    expect(r.match?.confidence).toBeGreaterThan(0);
    // Between the person (ends at 200) and the dog (starts at 400 at 0 ms): nearer the dog.
    expect(matchClick(index, { x: 390, y: 150, timestampS: 0 }).match).toMatchObject({ trackId: 3, hit: "near" });
    // Closer misses are more confident.
    const closer = matchClick(index, { x: 202, y: 100, timestampS: 0 }).match?.confidence ?? 0;
    expect(closer).toBeGreaterThan(r.match?.confidence ?? 1);
  });

  it("far from every box → no match, but the frame is still reported", () => {
    expect(matchClick(index, { x: 300, y: 340, timestampS: 0.01 })).toEqual({ frameIndex: 0, ptsMs: 0, match: null });
  });

  it("tracks alive only part of the video match only then", () => {
    expect(matchClick(index, { x: 320, y: 270, timestampS: 0.1 }).match).toBeNull();
    expect(matchClick(index, { x: 320, y: 270, timestampS: 0.16 }).match).toMatchObject({ trackId: 4, label: "cat" });
  });

  it("a sampled track's last box stands one sampling step (sample and hold); a hand-drawn one ends at its last box", () => {
    // 30 fps video analysed at 5 fps: the last analysed frame (400 ms) stands for the frames up to 600 ms.
    const frames = Array.from({ length: 20 }, (_, i) => (i * 1000) / 30);
    const boxes: [number, number, number, number, number][] = [[0, 10, 10, 50, 50], [200, 20, 10, 50, 50], [400, 30, 10, 50, 50]];
    const sampled = { ...track(1, "dog", boxes), holdMs: analysisHoldMs("auto", 5) };
    const manual = { ...track(2, "cat", boxes.map(([t, x, y, w, h]) => [t, x + 200, y, w, h])), holdMs: analysisHoldMs("manual", 5) };
    const idx = buildVideoIndex({ timeline: frames, tracks: [sampled, manual], width: 640, height: 360 });
    expect(analysisHoldMs("auto", 5)).toBe(200);
    expect(analysisHoldMs("auto", null)).toBe(0); // every frame analysed
    expect(boxesAt(idx, 400).map((b) => b.trackId).sort()).toEqual([1, 2]);
    // 566.7 ms: the last frame before the next sampling step still shows the dog's last box.
    expect(matchClick(idx, { x: 40, y: 20, timestampS: 0.5667 }).match).toMatchObject({ trackId: 1, box: [30, 10, 50, 50] });
    expect(matchClick(idx, { x: 240, y: 20, timestampS: 0.5667 }).match).toBeNull();
    // 600 ms is the next sampling step, where the dog was not seen: gone.
    expect(matchClick(idx, { x: 40, y: 20, timestampS: 0.6 }).match).toBeNull();
  });

  it("player clicks are mapped through the letterbox; clicks in the bars never match", () => {
    // 640×360 in 800×600: picture at y 75..525, scale 1.25. Cup centre (70, 70) → (87.5, 162.5).
    const player = { playerWidth: 800, playerHeight: 600, videoWidth: 640, videoHeight: 360 };
    const r = matchPlayerClick(index, { ...player, x: 87.5, y: 162.5, timestampS: 0 });
    expect(r.point).toEqual({ x: 70, y: 70, outside: false });
    expect(r.match).toMatchObject({ trackId: 2 });
    const bar = matchPlayerClick(index, { ...player, x: 10, y: 70, timestampS: 0 });
    expect(bar).toMatchObject({ frameIndex: 0, match: null, point: { outside: true } });
    // The index's frame size stands in for a missing video size.
    expect(matchPlayerClick(index, { playerWidth: 800, playerHeight: 600, x: 87.5, y: 162.5, timestampS: 0 }).match).toMatchObject({ trackId: 2 });
  });

  it("hitTest: equal areas → the more central; without a frame size the tolerance is a few px", () => {
    const boxes = [
      { trackId: 1, label: "a", box: [0, 0, 10, 10] as [number, number, number, number] },
      { trackId: 2, label: "b", box: [4, 4, 10, 10] as [number, number, number, number] },
    ];
    expect(hitTest(boxes, 8, 8, 4)?.trackId).toBe(2);
    expect(hitTest(boxes, 3, 3, 4)?.trackId).toBe(1);
    const small = buildVideoIndex({ timeline: [0], tracks: [track(1, "x", [[0, 0, 0, 10, 10]])] });
    expect(small.tolerancePx).toBe(4);
    expect(matchClick(small, { x: 13, y: 5, timestampS: 0 }).match?.hit).toBe("near");
    expect(matchClick(small, { x: 15, y: 5, timestampS: 0 }).match).toBeNull();
  });
});

describe("IntervalTree", () => {
  it("stabbing queries agree with a scan", () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const entries = Array.from({ length: 400 }, (_, i) => {
      const start = rnd() * 10_000;
      const long = i % 50 === 0;
      return { start, end: start + (long ? rnd() * 10_000 : rnd() * 500), value: i };
    });
    const tree = new IntervalTree(entries);
    for (let q = 0; q < 500; q++) {
      const at = rnd() * 11_000 - 500;
      const expected = entries.filter((e) => e.start <= at && at <= e.end).map((e) => e.value).sort((a, b) => a - b);
      expect(tree.stab(at).sort((a, b) => a - b)).toEqual(expected);
    }
    expect(new IntervalTree<number>([]).stab(1)).toEqual([]);
  });
});

describe("bench-style: 10k clicks on 500 tracks", () => {
  it("matches the same objects as a brute-force scan", () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    // 10 minutes at ~30 fps with jitter; 500 tracks of 1–20 s analysed every 5th frame.
    const ms: number[] = [];
    let t = 0;
    for (let i = 0; i < 18_000; i++) {
      ms.push(t);
      t += 30 + rnd() * 6;
    }
    const tracks: MatchTrackInput[] = [];
    for (let k = 0; k < 500; k++) {
      const first = Math.floor(rnd() * 17_000);
      const len = 30 + Math.floor(rnd() * 570);
      const boxes = [];
      let x = rnd() * 1100;
      let y = rnd() * 600;
      for (let f = first; f < Math.min(first + len, ms.length); f += 5) {
        x += rnd() * 4 - 2;
        y += rnd() * 4 - 2;
        boxes.push({ frameIndex: f, ptsMs: ms[f] as number, x, y, w: 40 + (k % 7) * 20, h: 60 + (k % 5) * 30 });
      }
      tracks.push({ trackId: k + 1, label: k % 2 ? "person" : "cup", boxes });
    }
    const built = performance.now();
    const index = buildVideoIndex({ timeline: ms, tracks, width: 1280, height: 720 });
    const buildMs = performance.now() - built;

    const clicks = Array.from({ length: 10_000 }, () => ({ x: rnd() * 1280, y: rnd() * 720, timestampS: (rnd() * t) / 1000 }));
    const started = performance.now();
    const results = clicks.map((c) => matchClick(index, c));
    const elapsed = performance.now() - started;
    console.log(`[match bench] index of 500 tracks in ${buildMs.toFixed(1)} ms; 10k clicks in ${elapsed.toFixed(1)} ms (${((elapsed * 1000) / clicks.length).toFixed(1)} µs/click), ${results.filter((r) => r.match).length} matched`);

    // Brute force on a sample: every track's interpolated box at the frame's pts.
    const brute = buildVideoIndex({ timeline: ms, tracks: [], width: 1280, height: 720 });
    const single = tracks.map((tr) => buildVideoIndex({ timeline: [0], tracks: [tr] }));
    for (let i = 0; i < 500; i++) {
      const c = clicks[i]!;
      const r = results[i]!;
      const f = frameOnScreen(brute, c.timestampS);
      expect(r.frameIndex).toBe(f.frameIndex);
      const all = single.flatMap((ix) => boxesAt(ix, f.ptsMs as number));
      expect(r.match?.trackId ?? null).toBe(hitTest(all, c.x, c.y, index.tolerancePx)?.trackId ?? null);
    }
  });
});
