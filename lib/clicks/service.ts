import { pendingClicksFor, updateClickMatch, videoForClicks, type NewClick } from "@/db/queries/clicks";
import type { Product } from "@/db/schema";
import { InvalidInputError } from "@/lib/errors";
import type { Identity } from "@/lib/auth/identity";
import { LruCache, processWide } from "@/lib/cache/lru";
import { attachedProductId, matchClick, type ClickMatch } from "@/lib/match/engine";
import { mapPlayerToVideo } from "@/lib/match/geometry";
import { pickProducts } from "@/lib/match/products";
import { parseVideoRef, VideoIdError } from "@/lib/videos/youtube-id";
import { commitClicks } from "./group-commit";
import { cachedMatchIndex, matchIndexFor } from "./match-index";
import { clickProductDto, type ClickBody, type ClickResult } from "./schemas";

type VideoRow = NonNullable<Awaited<ReturnType<typeof videoForClicks>>>;
type Resolved = { click: ClickBody; youtubeId: string; listId: string | null; listIndex: number | null; video?: VideoRow };

/** The point in the analysed file's pixels: letterbox removed, then scaled if the player shows another rendition. */
function toFilePixels(c: ClickBody, video: VideoRow | undefined): { x: number; y: number; outside: boolean } | null {
  const fileW = video?.width ?? undefined;
  const fileH = video?.height ?? undefined;
  const shownW = c.videoWidth ?? fileW;
  const shownH = c.videoHeight ?? fileH;
  if (c.playerWidth !== undefined && (shownW === undefined || shownH === undefined)) return null;
  const p = mapPlayerToVideo({ ...c, videoWidth: shownW, videoHeight: shownH });
  if (!fileW || !fileH || !shownW || !shownH) return p;
  return { x: (p.x * fileW) / shownW, y: (p.y * fileH) / shownH, outside: p.outside };
}


type Evaluated = {
  row: Omit<NewClick, "userId" | "tokenId" | "ip">;
  match: ClickMatch | null;
  products: { product: Product; source: "attached" | "class" }[];
  status: ClickResult["status"];
};

async function evaluate(r: Resolved): Promise<Evaluated> {
  const entry = r.video ? (cachedMatchIndex(r.video.id) ?? (await matchIndexFor(r.video.id))) : undefined;
  return evaluateWith(r, entry);
}

/** evaluate() once the video's match index is at hand (synchronous: a click on a cached video makes no promise). */
function evaluateWith(r: Resolved, entry: Awaited<ReturnType<typeof matchIndexFor>> | undefined): Evaluated {
  const { click: c, video } = r;
  const point = toFilePixels(c, video);
  const base = {
    deviceId: c.deviceId ?? null,
    youtubeId: r.youtubeId,
    listId: r.listId,
    listIndex: r.listIndex,
    videoId: video?.id ?? null,
    rawX: c.x,
    rawY: c.y,
    playerWidth: c.playerWidth ?? null,
    playerHeight: c.playerHeight ?? null,
    videoWidth: c.videoWidth ?? null,
    videoHeight: c.videoHeight ?? null,
    x: point?.x ?? null,
    y: point?.y ?? null,
    timestampS: c.timestamp,
  };
  if (!entry?.index || !point) return { row: { ...base, matchState: "pending" }, match: null, products: [], status: "pending" };
  const m = point.outside
    ? { ...matchClick(entry.index, { x: -1e9, y: -1e9, timestampS: c.timestamp }), match: null }
    : matchClick(entry.index, { x: point.x, y: point.y, timestampS: c.timestamp });
  const attached = m.match ? attachedProductId(entry.index, m.match.trackId) : null;
  const products = m.match
    ? pickProducts(m.match, { attachedProductId: attached, catalogue: entry.products, limit: 3 })
        .map((product) => ({ product, source: product.id === attached ? ("attached" as const) : ("class" as const) }))
        // The video's setting: without class suggestions only what an admin attached is offered.
        .filter((p) => p.source === "attached" || video?.classSuggestions !== false)
    : [];
  const status = point.outside ? "outside" : m.match ? "matched" : "no_match";
  return {
    row: {
      ...base,
      frameIndex: m.frameIndex,
      ptsMs: m.ptsMs,
      trackId: m.match?.trackId ?? null,
      productId: products[0]?.product.id ?? null,
      confidence: m.match?.confidence ?? null,
      matchState: status,
    },
    match: m,
    products,
    status,
  };
}

// A video row (or its absence) for 5 s: a burst of clicks on one video costs one lookup.
const videoCache = processWide("cache.click-videos", () => new LruCache<{ row: VideoRow | undefined }>(10_000, 5_000));
async function cachedVideo(youtubeId: string): Promise<VideoRow | undefined> {
  return (videoCache.get(youtubeId) ?? (await videoCache.getOrLoad(youtubeId, async () => ({ row: await videoForClicks(youtubeId) })))).row;
}

/**
 * One click's answer, built field by field in clickResultSchema's order (its type is the schema's
 * output, so no other field can slip in; tests compare the wire answer with the schema).
 */
function clickResult(r: Omit<ClickResult, "clickId"> & { clickId: number | undefined }): ClickResult {
  if (r.clickId === undefined) throw new Error("insertClicks returned fewer ids than rows");
  return r as ClickResult;
}

/**
 * Matches each click to the object on the frame that was on screen, stores every click (committed
 * before this returns) and answers with the match and products, in input order.
 */
export async function recordClicks(clicks: ClickBody[], who: { identity: Identity | null; ip: string }): Promise<ClickResult[]> {
  const resolved: Resolved[] = [];
  for (const [i, c] of clicks.entries()) {
    let ref: ReturnType<typeof parseVideoRef>;
    try {
      ref = parseVideoRef(c.videoId);
    } catch (e) {
      if (e instanceof VideoIdError) throw new InvalidInputError(`Click ${i}: ${e.message}`, [{ path: `${clicks.length > 1 ? `${i}.` : ""}videoId`, message: e.message }]);
      throw e;
    }
    const hit = videoCache.get(ref.id);
    resolved.push({ click: c, youtubeId: ref.id, listId: ref.listId ?? null, listIndex: ref.listIndex ?? null, video: hit ? hit.row : await cachedVideo(ref.id) });
  }
  // Cached videos and indexes (the hot path) are evaluated without a promise per click.
  const evaluated: Evaluated[] = [];
  for (const r of resolved) {
    const entry = r.video ? cachedMatchIndex(r.video.id) : undefined;
    evaluated.push(r.video && !entry ? await evaluate(r) : evaluateWith(r, entry));
  }
  const ids = await commitClicks(
    evaluated.map((e) => ({ ...e.row, userId: who.identity?.userId ?? null, tokenId: who.identity?.tokenId ?? null, ip: who.ip })),
  );
  return evaluated.map((e, i) => {
    // A known video that is not published yet: the click is stored (analytics) but sells nothing.
    const draft = resolved[i]?.video !== undefined && !resolved[i]?.video?.publishedAt;
    if (draft) return clickResult({ clickId: ids[i], status: "unpublished", frameIndex: null, ptsMs: null, match: null, products: [], message: "No shop for this video yet", videoKnown: true });
    return clickResult({
      clickId: ids[i],
      status: e.status,
      frameIndex: e.match?.frameIndex ?? null,
      ptsMs: e.match?.ptsMs ?? null,
      match:
        e.match?.match && e.match.frameIndex !== null && e.match.ptsMs !== null
          ? { trackId: e.match.match.trackId, label: e.match.match.label, box: e.match.match.box, frameIndex: e.match.frameIndex, ptsMs: e.match.ptsMs, confidence: e.match.match.confidence }
          : null,
      products: e.products.map((p) => ({ ...clickProductDto(p.product), source: p.source })),
      message: e.status === "no_match" ? "Nothing here" : resolved[i]?.video ? null : "This video is not in the shop",
      videoKnown: resolved[i]?.video !== undefined,
    });
  });
}

/** Matches clicks that arrived before the video was analysed; called when an analysis succeeds. */
export async function matchPendingClicks(youtubeId: string): Promise<number> {
  videoCache.delete(youtubeId);
  const video = await videoForClicks(youtubeId);
  if (!video) return 0;
  let done = 0;
  for (const row of await pendingClicksFor(youtubeId)) {
    const click: ClickBody = {
      x: row.rawX,
      y: row.rawY,
      timestamp: row.timestampS,
      videoId: youtubeId,
      ...(row.playerWidth !== null && row.playerHeight !== null ? { playerWidth: row.playerWidth, playerHeight: row.playerHeight } : {}),
      ...(row.videoWidth !== null && row.videoHeight !== null ? { videoWidth: row.videoWidth, videoHeight: row.videoHeight } : {}),
    };
    const e = await evaluate({ click, youtubeId, listId: null, listIndex: null, video });
    if (e.status === "pending") continue;
    const { videoId, x, y, frameIndex, ptsMs, trackId, productId, confidence, matchState } = e.row;
    await updateClickMatch(row.id, { videoId, x, y, frameIndex, ptsMs, trackId, productId, confidence, matchState });
    done++;
  }
  return done;
}
