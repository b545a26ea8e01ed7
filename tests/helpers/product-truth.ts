import { readFileSync } from "node:fs";
import type { AnalysisResult } from "@/lib/detect/analyze";
import { iou, type Box } from "@/lib/geometry/views";
import { confusable } from "@/lib/track/label-groups";

// product_demo's exact truth (../shared/fixtures/media): `box` is the object itself, `patch` the pasted photo.
export const MEDIA = "../shared/fixtures/media";

export interface Rect { x: number; y: number; w: number; h: number }
export interface TruthBox extends Rect { id: string; patch: Rect }
export const truth = JSON.parse(readFileSync(`${MEDIA}/product_demo.mp4.truth.json`, "utf8")) as {
  width: number;
  height: number;
  objects: { id: string; label: string }[];
  frames: { index: number; ptsMs: number; boxes: TruthBox[] }[];
};
const spec = JSON.parse(readFileSync(`${MEDIA}/product-demo.json`, "utf8")) as { objects: { id: string; w: number; h: number; object?: [number, number, number, number] }[] };
const order = spec.objects.map((o) => o.id);

/** The object's whole area in pixels (its photo's object fraction, or the whole photo). */
function fullArea(id: string): number {
  const o = spec.objects.find((s) => s.id === id) as { w: number; h: number; object?: [number, number, number, number] };
  const [, , fw, fh] = o.object ?? [0, 0, 1, 1];
  return o.w * fw * o.h * fh;
}

const inside = (r: Rect, x: number, y: number): boolean => x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;

/** Share of the object on screen: its box clipped by the frame, minus what the photos pasted later (their `patch`) cover. */
export function visibility(boxes: TruthBox[], id: string): number {
  const me = boxes.find((b) => b.id === id);
  if (!me) return 0;
  const above = boxes.filter((b) => order.indexOf(b.id) > order.indexOf(id)).map((b) => b.patch);
  let visible = 0;
  for (let y = Math.floor(me.y) + 0.5; y < me.y + me.h; y++)
    for (let x = Math.floor(me.x) + 0.5; x < me.x + me.w; x++) if (x >= me.x && y >= me.y && !above.some((p) => inside(p, x, y))) visible++;
  return visible / fullArea(id);
}

export type Hit = (track: Box, truthBox: Box) => number;
export const byIou: Hit = (b, t) => (iou(b, t) >= 0.5 ? iou(b, t) : 0);

/** One row of the acceptance table: the object's best track, its share of well-visible frames with a hit, and ID switches. */
export function scoreObject(result: AnalysisResult, objectId: string, hit: Hit = byIou, opts: { minVisible?: number; sameLabel?: boolean } = {}) {
  const label = truth.objects.find((o) => o.id === objectId)?.label ?? "";
  const frames = result.frames.filter((f) => visibility(truth.frames[f.index]?.boxes ?? [], objectId) >= (opts.minVisible ?? 0.6));
  const hitsPerTrack = new Map<number, number>();
  let switches = 0;
  let prev: number | null = null;
  for (const f of frames) {
    const tb = truth.frames[f.index]?.boxes.find((b) => b.id === objectId) as TruthBox;
    const t: Box = [tb.x, tb.y, tb.w, tb.h];
    const candidates = f.objects.filter((o) => !opts.sameLabel || confusable(o.label, label)).map((o) => ({ id: o.trackId, s: hit(o.box, t) })).filter((c) => c.s > 0);
    for (const c of candidates) hitsPerTrack.set(c.id, (hitsPerTrack.get(c.id) ?? 0) + 1);
    const best = candidates.sort((a, b) => b.s - a.s)[0];
    if (!best) continue;
    if (prev !== null && best.id !== prev) switches++;
    prev = best.id;
  }
  const [trackId, hits] = [...hitsPerTrack.entries()].sort((a, b) => b[1] - a[1])[0] ?? [null, 0];
  const track = result.tracks.find((t) => t.trackId === trackId);
  return { object: objectId, truthLabel: label, frames: frames.length, track: trackId, trackLabel: track?.label ?? "-", hidden: track?.hidden === true, hitShare: frames.length ? Math.round((hits / frames.length) * 1000) / 1000 : 0, idSwitches: switches };
}

/** IoU of the object's best track with its truth box on each well-visible frame (why a row passes or not). */
export function iouStats(result: AnalysisResult, objectId: string, trackId: number | null) {
  const xs = result.frames.flatMap((f) => {
    const boxes = truth.frames[f.index]?.boxes ?? [];
    const tb = boxes.find((b) => b.id === objectId);
    const o = f.objects.find((x) => x.trackId === trackId);
    if (!tb || visibility(boxes, objectId) < 0.6) return [];
    return [o ? iou(o.box, [tb.x, tb.y, tb.w, tb.h]) : 0];
  });
  const q = (p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]?.toFixed(2) ?? "-";
  return `${objectId}: IoU with truth box on ${xs.length} well-visible frames p10 ${q(0.1)} median ${q(0.5)} p90 ${q(0.9)} (0 = track absent)`;
}
