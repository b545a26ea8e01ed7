import { buffer } from "node:stream/consumers";
import { getLiveState, listLiveEvents, setLiveEventVideo } from "@/db/queries/recording-live";
import { createRun, finishRun } from "@/db/queries/runs";
import type { Video } from "@/db/schema";
import { persistRunTracks, type PersistResult } from "@/lib/analysis/persist";
import { detectionsDocumentSchema, type AnalysedFrame, type DetectionsDocument, type TrackSummary } from "@/lib/analysis/schema";
import { clipBox } from "@/lib/geometry/views";
import type { Timeline } from "@/lib/media/timeline";
import type { JoinedRun } from "@/lib/recordings/join-runs";
import type { Storage } from "@/lib/storage";
import type { ChunkFrame } from "./recording-sink";

/**
 * Maps a point of the recording (run, pts in that run, ms) onto the joined video, frame-exactly: the
 * run's pts in ticks (90 kHz: the live frames' pts are µs-rounded, ±1 tick) plus the run's shift in the
 * joined file (join-runs.ts) is a pts of the video's timeline; answers that frame's index and its ms from
 * the first frame, or null when no frame of the video has that pts (a run not in the video).
 */
export function videoFrameOf(runs: readonly JoinedRun[], videoTrackId: number, timeline: Timeline, run: number, ptsMs: number): { index: number; ms: number } | null {
  const r = runs.find((x) => x.run === run);
  if (!r) return null;
  const ticks = Math.round((ptsMs * timeline.timescale) / 1000) + (r.shift.get(videoTrackId) ?? 0);
  const pts = timeline.pts;
  let lo = 0;
  let hi = pts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((pts[mid] as number) < ticks - 1) lo = mid + 1;
    else hi = mid;
  }
  const p = pts[lo];
  if (p === undefined || Math.abs(p - ticks) > 1) return null;
  return { index: lo, ms: ((p - timeline.startPts) * 1000) / timeline.timescale };
}

/**
 * The recording's live tracks as an analysis of its video: every analysed frame (the detections chunks
 * in storage) is placed on the video's frame it is (videoFrameOf), boxes scaled from the live frames to
 * the video's pixels, and stored like an analysis run (an `objects` run, persistRunTracks: tracks and
 * track_boxes, so clicks, analytics and the studio work). Tracks that became events are shown; the
 * others are kept hidden, as file analysis keeps unconfirmed tracks. Each event gets its video moment.
 */
export async function persistLiveTracks(o: {
  recordingId: number;
  video: Pick<Video, "id" | "youtubeId" | "width" | "height">;
  store: Storage;
  runs: readonly JoinedRun[];
  videoTrackId: number;
  timeline: Timeline;
  requestedBy: number | null;
}): Promise<(PersistResult & { runId: number; frames: number; unplaced: number }) | null> {
  const state = await getLiveState(o.recordingId);
  if (!state || !state.chunks.length) return null;
  const events = await listLiveEvents(o.recordingId, 100_000);
  const ids = new Map<string, number>();
  const idOf = (session: number, trackId: number) => {
    const k = `${session}:${trackId}`;
    let v = ids.get(k);
    if (v === undefined) ids.set(k, (v = ids.size + 1));
    return v;
  };
  const W = o.video.width ?? state.width;
  const H = o.video.height ?? state.height;
  const sx = W / state.width;
  const sy = H / state.height;
  const frames = new Map<number, AnalysedFrame>();
  const spans = new Map<number, TrackSummary>();
  let unplaced = 0;
  for (const key of state.chunks) {
    const chunk = JSON.parse((await buffer(await o.store.get(key))).toString("utf8")) as ChunkFrame[];
    for (const f of chunk) {
      const at = videoFrameOf(o.runs, o.videoTrackId, o.timeline, f.run, f.ptsMs);
      if (!at) {
        unplaced++;
        continue;
      }
      if (frames.has(at.index)) continue;
      const objects = f.objects.flatMap((x) => {
        // The detector's box may run a few px past the live frame's edge: clipped to the video's picture.
        const box = clipBox([x.box[0] * sx, x.box[1] * sy, x.box[2] * sx, x.box[3] * sy], W, H) as [number, number, number, number];
        if (box[2] < 1 || box[3] < 1) return [];
        const trackId = idOf(f.session, x.trackId);
        const s = spans.get(trackId);
        if (s) s.lastMs = Math.max(s.lastMs, at.ms);
        else spans.set(trackId, { trackId, label: x.label, firstMs: at.ms, lastMs: at.ms });
        return [{ trackId, label: x.label, score: Math.min(1, Math.max(0, x.score)), box, ...(x.observed === false ? { observed: false } : {}) }];
      });
      frames.set(at.index, { index: at.index, ptsMs: at.ms, objects });
    }
  }
  const shown = new Set(events.map((e) => idOf(e.session, e.trackId)));
  const tracks = [...spans.values()].map((t) => (shown.has(t.trackId) ? t : { ...t, hidden: true as const }));
  const doc: DetectionsDocument = detectionsDocumentSchema.parse({
    videoId: o.video.youtubeId,
    width: o.video.width ?? state.width,
    height: o.video.height ?? state.height,
    model: "centernet",
    backend: "wasm",
    analysisFps: null,
    frames: [...frames.values()].sort((a, b) => a.index - b.index),
    tracks,
  });
  for (const e of events) {
    const at = videoFrameOf(o.runs, o.videoTrackId, o.timeline, e.startRun, e.startPtsMs);
    await setLiveEventVideo(e.id, o.video.id, at ? at.ms : null);
  }
  const run = await createRun({ videoId: o.video.id, kind: "objects", params: { source: "live", recordingId: o.recordingId }, models: { objects: "centernet" }, backend: "wasm", requestedBy: o.requestedBy });
  const key = `recordings/rec-${o.recordingId}/live/detections-video-${o.video.id}.json`;
  await o.store.put(key, Buffer.from(JSON.stringify(doc)), { contentType: "application/json" });
  const res = await persistRunTracks(o.video.id, run.id, doc);
  await finishRun(run.id, "succeeded", { resultKey: key });
  return { ...res, runId: run.id, frames: doc.frames.length, unplaced };
}
