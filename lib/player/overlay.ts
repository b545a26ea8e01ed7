import { createHash } from "node:crypto";
import { loadMatchData, productsForMatching } from "@/db/queries/clicks";
import { latestSucceededObjectsRun } from "@/db/queries/runs";
import { listTracks } from "@/db/queries/tracks";
import type { Video } from "@/db/schema";
import { clickProductDto } from "@/lib/clicks/schemas";
import { analysisHoldMs } from "@/lib/match/engine";
import { videoTimeline } from "@/lib/videos/service";
import { trackShownToShoppers } from "@/lib/videos/visibility";
import { overlaySchema, type Overlay } from "./schemas";
import { productAppearances } from "./summary";

/**
 * The overlay of a visible video (parsed on the way out) and a strong ETag of its content. Shoppers get
 * only the tracks the analysis confirmed or an admin gave a product; `admin: true` gets every track.
 */
export async function buildOverlay(video: Video, opts: { admin?: boolean } = {}): Promise<{ overlay: Overlay; etag: string }> {
  const [run, timeline] = await Promise.all([latestSucceededObjectsRun(video.id, { withResult: false }), videoTimeline(video)]);
  const [data, trackRows] = run ? await Promise.all([loadMatchData(video.id), listTracks(video.id)]) : [null, []];
  const scoreOf = new Map(trackRows.map((t) => [t.id, t.score]));
  const productOf = new Map((data?.links ?? []).map((l) => [l.trackId, l.productId]));
  const boxesOf = new Map<number, [number, number, number, number, number][]>();
  const outsideOf = new Map<number, number[]>();
  for (const b of data?.boxes ?? []) {
    let list = boxesOf.get(b.trackId);
    if (!list) boxesOf.set(b.trackId, (list = []));
    list.push([b.ptsMs, b.x, b.y, b.w, b.h]);
    if (b.outside) outsideOf.set(b.trackId, [...(outsideOf.get(b.trackId) ?? []), b.ptsMs]);
  }
  const tracks = (data?.tracks ?? [])
    .map((t) => ({
      hidden: t.hidden,
      id: t.id,
      label: t.label,
      productId: productOf.get(t.id) ?? null,
      holdMs: analysisHoldMs(t.source, t.analysisFps),
      boxes: (boxesOf.get(t.id) ?? []).sort((a, b) => a[0] - b[0]),
      outsideMs: (outsideOf.get(t.id) ?? []).sort((a, b) => a - b),
    }))
    .filter((t) => t.boxes.length > 0 && (opts.admin === true || trackShownToShoppers(t, t.productId)))
    .sort((a, b) => a.id - b.id);
  const appearances = productAppearances(
    tracks.map((t) => ({
      trackId: t.id,
      productId: t.productId,
      boxes: t.boxes.map(([ptsMs, x, y, w, h]) => ({ ptsMs, box: [x, y, w, h] as [number, number, number, number], score: scoreOf.get(t.id) ?? 1, outside: t.outsideMs.includes(ptsMs) })),
    })),
  );
  const rows = await productsForMatching(appearances.map((a) => a.productId), []);
  const byId = new Map(rows.map((p) => [p.id, p]));
  const products = appearances.flatMap((a) => {
    const p = byId.get(a.productId);
    if (!p) return []; // inactive or deleted: not sold here
    return [{ ...clickProductDto(p), trackIds: a.trackIds, ranges: a.ranges, best: a.best }];
  });
  const sold = new Set(products.map((p) => p.id));
  const overlay = overlaySchema.parse({
    videoId: video.id,
    youtubeId: video.youtubeId,
    width: video.width,
    height: video.height,
    runId: run?.id ?? null,
    timeline: timeline ? { timescale: timeline.timescale, startPts: timeline.startPts, pts: Array.from(timeline.pts) } : null,
    // A track whose product is inactive shows as a plain box (a click still matches it).
    tracks: tracks.map(({ hidden: _hidden, ...t }) => ({ ...t, productId: t.productId !== null && sold.has(t.productId) ? t.productId : null })),
    products,
  });
  const etag = `"ov-${createHash("sha1").update(JSON.stringify(overlay)).digest("base64url").slice(0, 22)}"`;
  return { overlay, etag };
}

/** True when the request's If-None-Match already names this ETag. */
export function notModified(req: Request, etag: string): boolean {
  const inm = req.headers.get("if-none-match");
  return !!inm && inm.split(",").some((t) => t.trim().replace(/^W\//, "") === etag);
}
