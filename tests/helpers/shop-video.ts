import { getDb } from "@/db";
import { saveTimeline } from "@/db/queries/videos";
import { analysisRuns, trackBoxes, tracks, videos } from "@/db/schema";
import { encodeTimeline, makeTimeline } from "@/lib/media/timeline";

/** A 640×360 video with an exact timeline (ms) and a succeeded object run, published or a draft. */
export async function addAnalysedVideo(youtubeId: string, opts: { published: boolean; pts?: number[]; classSuggestions?: boolean }) {
  const db = await getDb();
  const pts = opts.pts ?? [0, 200, 400, 600, 800];
  const [v] = await db
    .insert(videos)
    .values({ youtubeId, title: youtubeId, storageKey: `videos/${youtubeId}`, sizeBytes: 1, width: 640, height: 360, frameCount: pts.length, status: "ready", publishedAt: opts.published ? new Date() : null, classSuggestions: opts.classSuggestions ?? true })
    .returning();
  await saveTimeline({ videoId: v!.id, ...encodeTimeline(makeTimeline(1000, Float64Array.from(pts))) });
  const [run] = await db.insert(analysisRuns).values({ videoId: v!.id, kind: "objects", status: "succeeded", params: { analysisFps: 5 } }).returning();
  return { videoId: v!.id, runId: run!.id };
}

/** An auto track with boxes `[frameIndex, ptsMs, x, y, w, h, observed?]`; `hidden`: not confirmed by the analysis. */
export async function addAutoTrack(videoId: number, runId: number, label: string, boxes: [number, number, number, number, number, number, boolean?][], hidden = false) {
  const db = await getDb();
  const [t] = await db.insert(tracks).values({ videoId, runId, label, firstMs: boxes[0]![1], lastMs: boxes.at(-1)![1], hidden }).returning();
  await db.insert(trackBoxes).values(boxes.map(([frameIndex, ptsMs, x, y, w, h, observed]) => ({ trackId: t!.id, frameIndex, ptsMs, x, y, w, h, observed: observed ?? true })));
  return t!.id;
}
