import { clickGrid, clickGridByTime, clickTimeBins, funnelTotals, topProducts, videoFunnels, videosSellingProduct } from "@/db/queries/analytics";
import { getProduct } from "@/db/queries/products";
import { getVideo } from "@/db/queries/videos";
import { NotFoundError } from "@/lib/errors";
import { funnelSteps, heatCellPx, heatGrid, heatTimeline, histogram, histogramBinS, percent } from "./shape";

export async function overview() {
  const [totals, videos, top] = await Promise.all([funnelTotals(), videoFunnels(50), topProducts({ limit: 10 })]);
  return { totals, conversionPct: percent(totals.paidOrders, totals.clicks), funnel: funnelSteps(totals), videos, topProducts: top };
}

export async function videoAnalytics(videoId: number) {
  const video = await getVideo(videoId);
  if (!video) throw new NotFoundError("Video");
  const width = video.width ?? 0;
  const height = video.height ?? 0;
  const durationS = (video.durationMs ?? 0) / 1000;
  const binS = histogramBinS(durationS);
  const cellPx = heatCellPx(width || 640);
  const [totals, grid, timed, bins, top] = await Promise.all([
    funnelTotals(videoId),
    clickGrid(videoId, cellPx),
    clickGridByTime(videoId, cellPx, binS),
    clickTimeBins(videoId, binS),
    topProducts({ videoId, limit: 10 }),
  ]);
  return {
    video: { id: video.id, title: video.title, youtubeId: video.youtubeId, width, height, durationMs: video.durationMs, status: video.status },
    totals,
    conversionPct: percent(totals.paidOrders, totals.clicks),
    funnel: funnelSteps(totals),
    heat: width && height ? heatGrid(grid, width, height) : null,
    /** The same clicks per time bin, for the heat map of a chosen window of video time. */
    heatTimeline: width && height ? heatTimeline(timed, width, height, binS, durationS) : null,
    histogram: histogram(bins, durationS, binS),
    topProducts: top,
  };
}

export async function productAnalytics(productId: number) {
  const product = await getProduct(productId);
  if (!product) throw new NotFoundError("Product");
  const videos = await videosSellingProduct(productId);
  return { product: { id: product.id, name: product.name, currency: product.currency, active: product.active }, videos };
}

export type Overview = Awaited<ReturnType<typeof overview>>;
export type VideoAnalytics = Awaited<ReturnType<typeof videoAnalytics>>;
export type ProductAnalytics = Awaited<ReturnType<typeof productAnalytics>>;
