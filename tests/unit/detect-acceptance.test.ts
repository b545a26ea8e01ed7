import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeFrames, type AnalysisResult } from "@/lib/detect/analyze";
import { createDetector } from "@/lib/detect/detector";
import { iou, type Box } from "@/lib/detect/geometry";
import { createDetectorPool, type DetectorPool } from "@/lib/detect/pool";
import { confusable } from "@/lib/track/label-groups";
import { decodeFrames } from "@/lib/video";

const MEDIA = "../shared/fixtures/media";

interface TruthBox { id: string; x: number; y: number; w: number; h: number }
const truth = JSON.parse(readFileSync(`${MEDIA}/product_demo.mp4.truth.json`, "utf8")) as { objects: { id: string; label: string }[]; frames: { index: number; boxes: TruthBox[] }[] };
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

describe("detection + tracking on real pictures", () => {
  let pool: DetectorPool;
  beforeAll(async () => {
    pool = await createDetectorPool({ size: 2, backend: "wasm" });
  }, 60_000);
  afterAll(async () => pool?.close());

  it("product_demo at 5 fps: each truth object is one track (IoU ≥ 0.5 on ≥ 80% of well-visible frames, ≤ 1 ID switch)", async () => {
    const t0 = performance.now();
    const result = await analyzeFrames(decodeFrames(`${MEDIA}/product_demo.mp4`, { fps: 5 }), { pool });
    const ms = performance.now() - t0;
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
    const cup = insideRows.find((r) => r.object === "cup");
    expect(cup?.hitShare).toBeGreaterThanOrEqual(0.8);
    expect(cup?.idSwitches).toBeLessThanOrEqual(1);
    // trackBoxes and frames agree and are JSON-ready.
    const json = JSON.parse(JSON.stringify(result)) as AnalysisResult;
    for (const t of json.tracks) expect(json.trackBoxes[String(t.trackId)]?.[0]?.ptsMs).toBe(t.firstMs);
  }, 240_000);

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
