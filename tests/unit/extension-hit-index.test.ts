import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { buildHitIndex, mayHit } from "@/extension/lib/hit-index.js";
import type { AnalysisResult } from "@/lib/detect/analyze";
import { analysisHoldMs, buildVideoIndex, matchClick } from "@/lib/match/engine";
import { fixtureAnalysis } from "../helpers/demo-analysis";

// The extension decides locally, before YouTube's click handler runs, whether a click can hit an object
// (stop it, ask the server) or not (leave it untouched). That decision must be a superset of the
// server engine's: every click the engine answers with an object is a local "maybe". Real detections of
// product_demo, the real engine, random clicks over the whole picture and video.

const truth = JSON.parse(readFileSync("../shared/fixtures/media/product_demo.mp4.truth.json", "utf8")) as { width: number; height: number; frames: { ptsMs: number }[] };

describe("the extension's local hit index (extension/lib/hit-index.js)", () => {
  let analysis: AnalysisResult;
  beforeAll(async () => {
    analysis = await fixtureAnalysis("product_demo.mp4", 5);
  }, 600_000);

  it("never calls a click a miss that the server's engine answers with an object; most misses are decided locally", () => {
    const holdMs = analysisHoldMs("auto", 5);
    const tracks = analysis.tracks.map((t) => ({ trackId: t.trackId, label: t.label, holdMs, boxes: (analysis.trackBoxes[String(t.trackId)] ?? []).map((b) => ({ ...b, x: b.box[0], y: b.box[1], w: b.box[2], h: b.box[3] })) }));
    const engine = buildVideoIndex({ timeline: truth.frames.map((f) => f.ptsMs), tracks, width: truth.width, height: truth.height });
    // The overlay the server sends (GET /api/videos/lookup): exact timeline, [ptsMs, x, y, w, h] per track.
    const local = buildHitIndex({
      width: truth.width,
      height: truth.height,
      timeline: { timescale: 1000, startPts: 0, pts: truth.frames.map((f) => f.ptsMs) },
      tracks: tracks.map((t) => ({ id: t.trackId, holdMs, boxes: t.boxes.map((b) => [b.ptsMs, b.x, b.y, b.w, b.h] as [number, number, number, number, number]) })),
    });
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const lastMs = truth.frames.at(-1)!.ptsMs + 200;
    let hits = 0;
    let misses = 0;
    let missesLocal = 0;
    const wrong: string[] = [];
    for (let i = 0; i < 4000; i++) {
      const t = (rnd() * lastMs) / 1000;
      // Half the clicks near a stored box (edges included), half anywhere on the picture.
      let x = rnd() * truth.width;
      let y = rnd() * truth.height;
      if (i % 2 === 0 && tracks.length) {
        const tr = tracks[Math.floor(rnd() * tracks.length)]!;
        const b = tr.boxes[Math.floor(rnd() * tr.boxes.length)]!;
        x = b.x - 20 + rnd() * (b.w + 40);
        y = b.y - 20 + rnd() * (b.h + 40);
      }
      const m = matchClick(engine, { x, y, timestampS: t }).match;
      // The picture as shown at twice the analysed size: the index scales the point back.
      const d = mayHit(local, { x: x * 2, y: y * 2, videoWidth: truth.width * 2, videoHeight: truth.height * 2, timeS: t });
      if (m) {
        hits++;
        if (!d.maybe || !d.trackIds.includes(m.trackId)) wrong.push(`t=${t.toFixed(3)} (${x.toFixed(0)}, ${y.toFixed(0)}) → track ${m.trackId}, local ${JSON.stringify(d.trackIds)}`);
      } else {
        misses++;
        if (!d.maybe) missesLocal++;
      }
    }
    console.log(`[hit-index] ${hits} engine hits, all local maybes: ${wrong.length === 0}; ${missesLocal}/${misses} engine misses (${((100 * missesLocal) / misses).toFixed(1)} %) left untouched locally`);
    expect(hits).toBeGreaterThan(500);
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(missesLocal / misses).toBeGreaterThan(0.5);
  });

  it("without an index or outside the video's span it is a miss", () => {
    expect(mayHit(null, { x: 1, y: 1, videoWidth: 10, videoHeight: 10, timeS: 0 }).maybe).toBe(false);
    const idx = buildHitIndex({ width: 100, height: 100, timeline: null, tracks: [{ id: 1, holdMs: 0, boxes: [[1000, 10, 10, 20, 20], [2000, 50, 50, 20, 20]] }] });
    expect(mayHit(idx, { x: 20, y: 20, videoWidth: 100, videoHeight: 100, timeS: 1.0 }).trackIds).toEqual([1]);
    // Halfway, the interpolated box lies in the hull of the two stored ones.
    expect(mayHit(idx, { x: 40, y: 40, videoWidth: 100, videoHeight: 100, timeS: 1.5 }).maybe).toBe(true);
    expect(mayHit(idx, { x: 95, y: 5, videoWidth: 100, videoHeight: 100, timeS: 1.5 }).maybe).toBe(false);
    expect(mayHit(idx, { x: 20, y: 20, videoWidth: 100, videoHeight: 100, timeS: 5 }).maybe).toBe(false);
  });
});
