import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeFrames, type AnalysisResult } from "@/lib/detect/analyze";
import { createDetector } from "@/lib/detect/detector";
import { iou, type Box } from "@/lib/detect/geometry";
import { createDetectorPool, type DetectorPool } from "@/lib/detect/pool";
import { analysisHoldMs, boxesAt, buildVideoIndex, frameOnScreen, matchClick, type VideoIndex } from "@/lib/match/engine";
import { confusable } from "@/lib/track/label-groups";
import { decodeFrames } from "@/lib/media";

const MEDIA = "../shared/fixtures/media";

interface TruthBox { id: string; x: number; y: number; w: number; h: number }
const truth = JSON.parse(readFileSync(`${MEDIA}/product_demo.mp4.truth.json`, "utf8")) as {
  width: number;
  height: number;
  objects: { id: string; label: string }[];
  frames: { index: number; ptsMs: number; boxes: TruthBox[] }[];
};
const spec = JSON.parse(readFileSync(`${MEDIA}/product-demo.json`, "utf8")) as { objects: { id: string; w: number; h: number }[] };

function overlap(a: TruthBox, b: TruthBox): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Share of the object's full picture on screen: clipped by the frame and covered by later overlays. */
function visibility(boxes: TruthBox[], id: string): number {
  const order = spec.objects.map((o) => o.id);
  const me = boxes.find((b) => b.id === id) as TruthBox;
  const full = spec.objects.find((o) => o.id === id) as { w: number; h: number };
  const above = boxes.filter((b) => order.indexOf(b.id) > order.indexOf(id));
  let covered = above.reduce((s, b) => s + overlap(me, b), 0);
  const [p, q] = above;
  if (p && q) {
    const x = Math.max(me.x, p.x, q.x), y = Math.max(me.y, p.y, q.y);
    const w = Math.min(me.x + me.w, p.x + p.w, q.x + q.w) - x, h = Math.min(me.y + me.h, p.y + p.h, q.y + q.h) - y;
    if (w > 0 && h > 0) covered -= w * h;
  }
  return (me.w * me.h - covered) / (full.w * full.h);
}

/** Inside-ness: share of the track box that lies in the truth box (a cup inside its photo). */
const within = (b: Box, t: Box): number => {
  const w = Math.min(b[0] + b[2], t[0] + t[2]) - Math.max(b[0], t[0]);
  const h = Math.min(b[1] + b[3], t[1] + t[3]) - Math.max(b[1], t[1]);
  return w > 0 && h > 0 ? (w * h) / (b[2] * b[3]) : 0;
};

type Hit = (track: Box, truthBox: Box) => number;
const byIou: Hit = (b, t) => (iou(b, t) >= 0.5 ? iou(b, t) : 0);
const byInside: Hit = (b, t) => (within(b, t) >= 0.8 && b[2] * b[3] >= 0.1 * t[2] * t[3] ? within(b, t) : 0);

function score(result: AnalysisResult, objectId: string, hit: Hit, sameLabel = false) {
  const label = truth.objects.find((o) => o.id === objectId)?.label ?? "";
  const frames = result.frames.filter((f) => {
    const boxes = truth.frames[f.index]?.boxes ?? [];
    return boxes.some((b) => b.id === objectId) && visibility(boxes, objectId) >= 0.6;
  });
  const hitsPerTrack = new Map<number, number>();
  let switches = 0;
  let prev: number | null = null;
  for (const f of frames) {
    const tb = truth.frames[f.index]?.boxes.find((b) => b.id === objectId) as TruthBox;
    const t: Box = [tb.x, tb.y, tb.w, tb.h];
    const candidates = f.objects.filter((o) => !sameLabel || confusable(o.label, label)).map((o) => ({ id: o.trackId, s: hit(o.box, t) })).filter((c) => c.s > 0);
    for (const c of candidates) hitsPerTrack.set(c.id, (hitsPerTrack.get(c.id) ?? 0) + 1);
    const best = candidates.sort((a, b) => b.s - a.s)[0];
    if (!best) continue;
    if (prev !== null && best.id !== prev) switches++;
    prev = best.id;
  }
  const [trackId, hits] = [...hitsPerTrack.entries()].sort((a, b) => b[1] - a[1])[0] ?? [null, 0];
  const track = result.tracks.find((t) => t.trackId === trackId);
  return { object: objectId, truthLabel: label, frames: frames.length, track: trackId, trackLabel: track?.label ?? "-", hitShare: frames.length ? Math.round((hits / frames.length) * 1000) / 1000 : 0, idSwitches: switches };
}

const others = (r: AnalysisResult): string => {
  const count = new Map<string, number>();
  for (const t of r.tracks) if (t.label !== "person") count.set(t.label, (count.get(t.label) ?? 0) + 1);
  return [...count].map(([l, n]) => `${l} ×${n}`).join(", ") || "none";
};

/** The match engine's index over an analysis result, on the video's full timeline (as the API builds it). */
function clickIndex(r: AnalysisResult, analysisFps: number): VideoIndex {
  return buildVideoIndex({
    timeline: truth.frames.map((f) => f.ptsMs),
    tracks: r.tracks.map((t) => ({
      trackId: t.trackId,
      label: t.label,
      holdMs: analysisHoldMs("auto", analysisFps),
      boxes: (r.trackBoxes[String(t.trackId)] ?? []).map((b) => ({ frameIndex: b.frameIndex, ptsMs: b.ptsMs, x: b.box[0], y: b.box[1], w: b.box[2], h: b.box[3] })),
    })),
    width: truth.width,
    height: truth.height,
  });
}

/** The centre of the part of an object nobody covers (objects later in the spec are drawn above): the visible pixel nearest the visible centroid. */
function visibleCentre(boxes: TruthBox[], id: string): [number, number] | null {
  const order = spec.objects.map((o) => o.id);
  const me = boxes.find((b) => b.id === id);
  if (!me) return null;
  const above = boxes.filter((b) => order.indexOf(b.id) > order.indexOf(id));
  const pts: [number, number][] = [];
  for (let y = Math.max(0, me.y) + 1; y < Math.min(truth.height, me.y + me.h); y += 2)
    for (let x = Math.max(0, me.x) + 1; x < Math.min(truth.width, me.x + me.w); x += 2)
      if (!above.some((b) => x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + b.h)) pts.push([x, y]);
  if (pts.length === 0) return null;
  const cx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
  const cy = pts.reduce((s, p) => s + p[1], 0) / pts.length;
  return pts.reduce((best, p) => ((p[0] - cx) ** 2 + (p[1] - cy) ** 2 < (best[0] - cx) ** 2 + (best[1] - cy) ** 2 ? p : best));
}

describe("detection + tracking on real pictures", () => {
  let pool: DetectorPool;
  let demo: AnalysisResult | undefined;
  beforeAll(async () => {
    pool = await createDetectorPool({ size: 2, backend: "wasm" });
  }, 60_000);
  afterAll(async () => pool?.close());

  it("product_demo at 5 fps: each truth object is one track (IoU ≥ 0.5 on ≥ 80% of well-visible frames, ≤ 1 ID switch)", async () => {
    const t0 = performance.now();
    const result = await analyzeFrames(decodeFrames(`${MEDIA}/product_demo.mp4`, { fps: 5 }), { pool });
    const ms = performance.now() - t0;
    demo = result;
    console.log(`product_demo: ${result.frames.length} frames analysed at 5 fps in ${(ms / 1000).toFixed(1)} s (${(ms / result.frames.length).toFixed(0)} ms/frame, 2 workers, tiles on); tracks: ${result.tracks.map((t) => `${t.trackId}:${t.label}`).join(" ")}`);
    const byIouRows = truth.objects.map((o) => score(result, o.id, byIou));
    const insideRows = truth.objects.map((o) => score(result, o.id, byInside, true));
    console.log("criterion IoU ≥ 0.5 with the truth box (the whole pasted photo):");
    console.table(byIouRows);
    console.log("click criterion (track box ≥ 80% inside the photo, label confusable with the truth label):");
    console.table(insideRows);
    for (const id of ["dog", "astronaut"]) {
      const row = byIouRows.find((r) => r.object === id);
      expect(row?.hitShare, id).toBeGreaterThanOrEqual(0.8);
      expect(row?.idSwitches, id).toBeLessThanOrEqual(1);
    }
    // The cup covers about a quarter of its photo, so no honest cup box reaches IoU 0.5 with the
    // photo's box; what must hold is that one cup track sits inside the photo all along.
    // Why the cup's IoU stays low: its track box against the photo's box, frame by frame.
    const cupTrack = insideRows.find((r) => r.object === "cup")?.track;
    const cupStats = result.frames.flatMap((f) => {
      const tb = truth.frames[f.index]?.boxes.find((b) => b.id === "cup");
      const o = f.objects.find((x) => x.trackId === cupTrack);
      if (!tb || !o || visibility(truth.frames[f.index]!.boxes, "cup") < 0.6) return [];
      return [{ iou: iou(o.box, [tb.x, tb.y, tb.w, tb.h]), area: (o.box[2] * o.box[3]) / (tb.w * tb.h) }];
    });
    const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]?.toFixed(2);
    console.log(
      `cup track vs the photo's box on ${cupStats.length} frames: IoU median ${q(cupStats.map((c) => c.iou), 0.5)}, p90 ${q(cupStats.map((c) => c.iou), 0.9)}, max ${q(cupStats.map((c) => c.iou), 1)}; ` +
        `track box area ÷ photo area median ${q(cupStats.map((c) => c.area), 0.5)} (an exact box of an object covering a share a of the photo has IoU = a)`,
    );
    const cup = insideRows.find((r) => r.object === "cup");
    expect(cup?.hitShare).toBeGreaterThanOrEqual(0.8);
    expect(cup?.idSwitches).toBeLessThanOrEqual(1);
    // trackBoxes and frames agree and are JSON-ready.
    const json = JSON.parse(JSON.stringify(result)) as AnalysisResult;
    for (const t of json.tracks) expect(json.trackBoxes[String(t.trackId)]?.[0]?.ptsMs).toBe(t.firstMs);
  }, 240_000);

  it("clicks on the analysis output (issue 6): visible-centre clicks find the object's track, background clicks find nothing", () => {
    if (!demo) throw new Error("needs the product_demo analysis of the test above");
    const index = clickIndex(demo, 5);
    const lastMs = truth.frames[truth.frames.length - 1]!.ptsMs;
    let seed = 6;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const per = new Map<string, { found: number; right: number; notFound: number }>(truth.objects.map((o) => [o.id, { found: 0, right: 0, notFound: 0 }]));
    const wrong: string[] = [];
    let background = 0;
    let empty = 0;
    let outsideTruth = 0;
    let outsideTruthEmpty = 0;
    for (let i = 0; i < 100; i++) {
      const t = (rnd() * lastMs) / 1000;
      const { frameIndex, ptsMs } = frameOnScreen(index, t);
      const frame = truth.frames[frameIndex ?? -1];
      if (!frame || ptsMs === null) throw new Error(`no frame on screen at ${t} s`);
      const shown = boxesAt(index, ptsMs);
      for (const tb of frame.boxes) {
        const p = visibleCentre(frame.boxes, tb.id);
        const row = per.get(tb.id)!;
        if (!p) continue;
        // "Found": a track box on this frame that is this object by the acceptance criteria above.
        const label = truth.objects.find((o) => o.id === tb.id)?.label ?? "";
        const hit: Hit = tb.id === "cup" ? byInside : byIou;
        const mine = new Set(shown.filter((b) => (tb.id !== "cup" || confusable(b.label, label)) && hit(b.box, [tb.x, tb.y, tb.w, tb.h]) > 0).map((b) => b.trackId));
        if (mine.size === 0) {
          row.notFound++;
          continue;
        }
        row.found++;
        const m = matchClick(index, { x: p[0], y: p[1], timestampS: t }).match;
        if (m && mine.has(m.trackId)) row.right++;
        else wrong.push(`${tb.id}@${ptsMs.toFixed(0)}ms→${m ? `${m.label}#${m.trackId}` : "none"}`);
      }
      // Background: a random point 20 px clear of every truth box; "empty" also clear of every box the
      // analysis has on this frame (the background photo holds real objects that are rightly tracked).
      for (let k = 0; k < 200; k++) {
        const x = rnd() * truth.width;
        const y = rnd() * truth.height;
        const near = (b: Box) => x > b[0] - 20 && x < b[0] + b[2] + 20 && y > b[1] - 20 && y < b[1] + b[3] + 20;
        if (frame.boxes.some((b) => near([b.x, b.y, b.w, b.h]))) continue;
        const none = !matchClick(index, { x, y, timestampS: t }).match;
        outsideTruth++;
        if (none) outsideTruthEmpty++;
        if (shown.some((b) => near(b.box))) continue;
        background++;
        if (none) empty++;
        break;
      }
    }
    const found = [...per.values()].reduce((s, r) => s + r.found, 0);
    const right = [...per.values()].reduce((s, r) => s + r.right, 0);
    console.log("clicks on product_demo's analysis (5 fps, the wasm default), 100 seeded random times:");
    console.table([...per].map(([object, r]) => ({ object, found: r.found, right: r.right, share: r.found ? Math.round((1000 * r.right) / r.found) / 1000 : 0, notFound: r.notFound })));
    console.log(`object clicks right ${right}/${found} (${((100 * right) / found).toFixed(1)}%); empty-background clicks with no match ${empty}/${background} (${((100 * empty) / background).toFixed(1)}%); points off the truth objects (incl. real background objects) with no match ${outsideTruthEmpty}/${outsideTruth}`);
    if (wrong.length) console.log(`misses: ${wrong.slice(0, 12).join(", ")}`);
    expect(found).toBeGreaterThanOrEqual(100);
    expect(right / found).toBeGreaterThanOrEqual(0.9);
    expect(empty / background).toBeGreaterThanOrEqual(0.95);
  });

  it("pedestrians_vfr: produces person tracks (first 9 s at 3 fps)", async () => {
    const result = await analyzeFrames(decodeFrames(`${MEDIA}/pedestrians_vfr.mp4`, { fps: 3, endMs: 9_000 }), { pool });
    const people = result.tracks.filter((t) => t.label === "person");
    const lengths = people.map((t) => result.trackBoxes[String(t.trackId)]?.length ?? 0);
    const meanFrames = lengths.reduce((a, b) => a + b, 0) / Math.max(1, lengths.length);
    const meanMs = people.reduce((s, t) => s + t.lastMs - t.firstMs, 0) / Math.max(1, people.length);
    console.log(`pedestrians_vfr: ${result.frames.length} frames, ${people.length} person tracks (of ${result.tracks.length}), mean length ${meanFrames.toFixed(1)} analysed frames / ${(meanMs / 1000).toFixed(2)} s; max people in one frame ${Math.max(...result.frames.map((f) => f.objects.filter((o) => o.label === "person").length))}; other tracks: ${others(result)}`);
    expect(people.length).toBeGreaterThanOrEqual(3);
    expect(meanFrames).toBeGreaterThanOrEqual(4);
  }, 240_000);

  it("black frames give empty results", async () => {
    const detector = await createDetector({ backend: "wasm" });
    const black = Array.from({ length: 4 }, (_, i) => ({ index: i, ptsMs: i * 40, width: 320, height: 180, data: new Uint8Array(320 * 180 * 3) }));
    const result = await analyzeFrames(black, { detector });
    detector.dispose();
    expect(result.tracks).toEqual([]);
    expect(result.trackBoxes).toEqual({});
    expect(result.frames.map((f) => f.objects.length)).toEqual([0, 0, 0, 0]);
  }, 60_000);
});
