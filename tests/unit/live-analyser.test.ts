import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDetectorPool, type DetectorPool } from "@/lib/detect/pool";
import { LiveAnalyser, type LiveLine } from "@/lib/live/live-analyser";
import type { LiveFrame } from "@/lib/live/stream-source";
import { decodeFrames } from "@/lib/media/frames";
import { fixture } from "@/tests/fixtures/derived";

// The live analyser on real frames (pedestrians_vfr.mp4 at 5 fps, 640 px wide) with a real wasm
// detector pool: frames offered faster than the detector runs are dropped and counted, never queued;
// a still scene costs one detector run and keeps its tracks.

let pool: DetectorPool;
const frames: LiveFrame[] = [];

beforeAll(async () => {
  pool = await createDetectorPool({ backend: "wasm", size: 1 });
  const t0 = Date.now();
  for await (const f of decodeFrames(fixture("pedestrians_vfr.mp4"), { fps: 5, width: 640, height: 480, endMs: 8000 })) {
    frames.push({ run: 0, ptsMs: f.ptsMs, wallClockMs: t0 + f.ptsMs, clock: "host", arrivalMs: t0 + f.ptsMs, width: f.width, height: f.height, data: f.data });
  }
}, 180_000);

afterAll(async () => {
  await pool?.close();
});

function analyser(gate: boolean, lines: LiveLine[]) {
  return new LiveAnalyser({ pool, gate, onLine: (l) => void lines.push(l), onEvent: () => undefined });
}

describe("live analyser (real detector pool)", () => {
  it("drops frames offered while the detector is busy, counts them, and analyses the newest", async () => {
    const lines: LiveLine[] = [];
    const a = analyser(false, lines);
    const burst = frames.slice(0, 30);
    for (const f of burst) a.offer(f); // all at once: far faster than one worker's ~0.2–1 s per frame
    await a.finish();
    // One frame went to the detector at once, one waited and was replaced by each newer one.
    expect(a.stats.received).toBe(30);
    expect(a.stats.analysed).toBe(2);
    expect(a.stats.dropped).toBe(28);
    expect(lines.map((l) => l.ptsMs)).toEqual([burst[0]?.ptsMs, burst[29]?.ptsMs].map((v) => Math.round((v ?? 0) * 1000) / 1000));
  }, 120_000);

  it("a still scene: with gating one detector run, the rest skipped, the tracks kept on every frame", async () => {
    const still = frames[10] as LiveFrame;
    const seq = (n: number) => Array.from({ length: n }, (_, i): LiveFrame => ({ ...still, ptsMs: i * 200, wallClockMs: still.wallClockMs + i * 200, arrivalMs: still.arrivalMs + i * 200, data: Buffer.from(still.data) }));
    const run = async (gate: boolean, n: number) => {
      const lines: LiveLine[] = [];
      const a = analyser(gate, lines);
      for (const f of seq(n)) {
        a.offer(f);
        await a.drain(); // one at a time: nothing dropped
      }
      await a.finish();
      return { lines, stats: a.stats };
    };
    const gated = await run(true, 25);
    expect(gated.stats.dropped).toBe(0);
    expect(gated.stats.analysed).toBe(25);
    expect(gated.stats.detectorRuns).toBe(1);
    expect(gated.stats.skipped).toBe(24);
    expect(gated.lines.slice(1).every((l) => l.detector === "skip")).toBe(true);
    // The people standing still are confirmed after minHits frames and stay, same ids, to the end.
    const ids = (l: LiveLine | undefined) => (l?.objects ?? []).map((o) => `${o.trackId}:${o.label}`);
    const people = ids(gated.lines[5]).filter((s) => s.endsWith(":person"));
    expect(people.length).toBeGreaterThan(0);
    expect(ids(gated.lines[24])).toEqual(ids(gated.lines[5]));

    const plain = await run(false, 6);
    expect(plain.stats.detectorRuns).toBe(6);
    expect(plain.stats.skipped).toBe(0);
    // Same picture, same detector: the same objects on the last frame, gated or not.
    expect(ids(plain.lines[5])).toEqual(ids(gated.lines[5]));
  }, 240_000);
});
