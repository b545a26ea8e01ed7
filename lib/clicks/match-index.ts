import { loadMatchData, productsForMatching } from "@/db/queries/clicks";
import { latestSucceededObjectsRun } from "@/db/queries/runs";
import { getVideo } from "@/db/queries/videos";
import type { Product } from "@/db/schema";
import { LruCache, processWide } from "@/lib/cache/lru";
import { analysisHoldMs, buildVideoIndex, type VideoIndex } from "@/lib/match/engine";
import { videoTimeline } from "@/lib/videos/frame-source";
import { trackShownToShoppers } from "@/lib/videos/visibility";

// Indexes live in memory for a short while: a click costs a binary search and a tree query. Edits in
// this process invalidate at once (one cache per process, shared by Next's bundle and the fast path);
// other processes pick changes up within the TTL.
const TTL_MS = 10_000;
type Entry = { index: VideoIndex | null; products: Product[]; loadedAt: number };
const MAX_VIDEOS = 256;
const cache = processWide("cache.match-index", () => new LruCache<Entry>(MAX_VIDEOS, TTL_MS));

/** The match index of an analysed video, or null when it has no succeeded object analysis yet. */
export function matchIndexFor(videoId: number): Promise<Entry> {
  return cache.getOrLoad(String(videoId), () => load(videoId));
}

/** The cached entry when there is a fresh one (no promise: the click hot path's common case). */
export function cachedMatchIndex(videoId: number): Entry | undefined {
  return cache.get(String(videoId));
}

export function invalidateMatchIndex(videoId?: number): void {
  if (videoId === undefined) cache.clear();
  else cache.delete(String(videoId));
}

async function load(videoId: number): Promise<Entry> {
  const [video, run] = await Promise.all([getVideo(videoId), latestSucceededObjectsRun(videoId, { withResult: false })]);
  const timeline = video ? await videoTimeline(video) : undefined;
  if (!video || !run || !timeline) return { index: null, products: [], loadedAt: Date.now() };
  const data = await loadMatchData(videoId);
  const boxesByTrack = new Map<number, (typeof data.boxes)[number][]>();
  for (const b of data.boxes) {
    let list = boxesByTrack.get(b.trackId);
    if (!list) boxesByTrack.set(b.trackId, (list = []));
    list.push(b);
  }
  const trackProducts = new Map(data.links.map((l) => [l.trackId, l.productId]));
  const index = buildVideoIndex({
    timeline,
    // Clicks come from shoppers: a track the analysis did not confirm answers only once it has a product.
    tracks: data.tracks
      .filter((t) => trackShownToShoppers(t, trackProducts.get(t.id)))
      .map((t) => ({ trackId: t.id, label: t.label, boxes: boxesByTrack.get(t.id) ?? [], holdMs: analysisHoldMs(t.source, t.analysisFps) })),
    trackProducts,
    width: video.width ?? undefined,
    height: video.height ?? undefined,
  });
  const labels = [...new Set(data.tracks.map((t) => t.label))];
  const products = await productsForMatching([...new Set(trackProducts.values())], labels);
  return { index, products, loadedAt: Date.now() };
}
