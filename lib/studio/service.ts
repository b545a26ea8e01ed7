import { getProduct } from "@/db/queries/products";
import { listTrackBoxes } from "@/db/queries/tracks";
import { deleteTrack, deleteTrackBox, getTrack, insertManualTrack, listStudioTracks, listVideoBoxes, mergeTracks, removeTrackProduct, setTrackHidden, setTrackLabel, setTrackProduct, splitTrack, upsertTrackBoxes, type BoxRow } from "@/db/queries/track-edits";
import { getVideo } from "@/db/queries/videos";
import type { Track, Video } from "@/db/schema";
import { ConflictError, InvalidInputError, NotFoundError } from "@/lib/errors";
import { invalidateMatchIndex } from "@/lib/clicks/match-index";
import { boxAt } from "@/lib/track/interpolate";
import { ptsMsOf, type Timeline } from "@/lib/media/timeline";
import { videoTimeline, withFrameSource } from "@/lib/videos/frame-source";
import { followBox, type FollowResult } from "./follow";
import type { Box4 } from "./schemas";

// Every studio edit: checks the ids and the geometry against the video, writes (edited_at is stamped
// by the queries), and drops the video's match index so the next click sees the edit.

/** Half a pixel of slack for boxes drawn to the very edge (rounding in the browser). */
const EDGE_SLACK = 0.5;

const invalid = (path: string, message: string) => new InvalidInputError(message, [{ path, message }]);

type Ctx = { video: Video; timeline: Timeline; width: number; height: number };

async function videoCtx(videoId: number): Promise<Ctx> {
  const video = await getVideo(videoId);
  if (!video) throw new NotFoundError("Video");
  const timeline = await videoTimeline(video);
  if (!timeline || !video.width || !video.height) throw new ConflictError("The video's timeline is not ready yet: wait for its probe to finish");
  return { video, timeline, width: video.width, height: video.height };
}

export async function trackCtx(trackId: number): Promise<Ctx & { track: Track & { productId: number | null } }> {
  const track = await getTrack(trackId);
  if (!track) throw new NotFoundError("Track");
  return { ...(await videoCtx(track.videoId)), track };
}

function checkFrame(ctx: Ctx, frameIndex: number, path = "frameIndex"): number {
  if (frameIndex >= ctx.timeline.frameCount) throw invalid(path, `The video has ${ctx.timeline.frameCount} frames (0–${ctx.timeline.frameCount - 1})`);
  return ptsMsOf(ctx.timeline, frameIndex);
}

function checkBox(ctx: Ctx, box: Box4): void {
  const [x, y, w, h] = box;
  if (x < -EDGE_SLACK || y < -EDGE_SLACK || x + w > ctx.width + EDGE_SLACK || y + h > ctx.height + EDGE_SLACK) {
    throw invalid("box", `The box [${box.join(", ")}] is outside the ${ctx.width}×${ctx.height} frame`);
  }
}

const clipBox = (ctx: Ctx, [x, y, w, h]: Box4): Box4 => {
  const cx = Math.max(0, x);
  const cy = Math.max(0, y);
  return [cx, cy, Math.min(ctx.width, x + w) - cx, Math.min(ctx.height, y + h) - cy];
};

const keyBox = (frameIndex: number, ptsMs: number, [x, y, w, h]: Box4): BoxRow => ({ frameIndex, ptsMs, x, y, w, h, score: 1, keyframe: true });

export function done<T>(videoId: number, value: T): T {
  invalidateMatchIndex(videoId);
  return value;
}

export async function studioTracks(videoId: number, withBoxes: boolean) {
  const ctx = await videoCtx(videoId);
  const [tracks, boxes] = await Promise.all([listStudioTracks(videoId), withBoxes ? listVideoBoxes(videoId) : Promise.resolve(null)]);
  return { videoId, width: ctx.width, height: ctx.height, frameCount: ctx.timeline.frameCount, tracks, ...(boxes ? { boxes } : {}) };
}

export async function relabelTrack(trackId: number, label: string) {
  const { track } = await trackCtx(trackId);
  await setTrackLabel(trackId, label);
  return done(track.videoId, { trackId, label });
}

/** Shows an unconfirmed track to shoppers, or hides a track; either way re-runs keep the admin's choice. */
export async function setVisibility(trackId: number, hidden: boolean) {
  // No frame geometry involved, so no timeline needed (unlike trackCtx).
  const track = await getTrack(trackId);
  if (!track) throw new NotFoundError("Track");
  await setTrackHidden(trackId, hidden);
  return done(track.videoId, { trackId, hidden });
}

export async function removeTrack(trackId: number) {
  const { track } = await trackCtx(trackId);
  await deleteTrack(trackId);
  return done(track.videoId, { deleted: trackId });
}

export async function attachProduct(trackId: number, productId: number, by: number) {
  const { track } = await trackCtx(trackId);
  const product = await getProduct(productId);
  if (!product) throw invalid("productId", `Product ${productId} does not exist`);
  await setTrackProduct(trackId, productId, by);
  return done(track.videoId, { trackId, product: { id: product.id, sku: product.sku, name: product.name } });
}

export async function detachProduct(trackId: number) {
  const { track } = await trackCtx(trackId);
  if (!(await removeTrackProduct(trackId))) throw new NotFoundError("Product on this track");
  return done(track.videoId, { trackId, product: null });
}

export async function merge(keepId: number, mergeId: number) {
  const [keep, other] = await Promise.all([getTrack(keepId), getTrack(mergeId)]);
  if (!keep) throw new NotFoundError(`Track ${keepId}`);
  if (!other) throw new NotFoundError(`Track ${mergeId}`);
  if (keep.videoId !== other.videoId) throw invalid("mergeId", "Tracks of different videos cannot be merged");
  await mergeTracks(keepId, mergeId);
  return done(keep.videoId, { trackId: keepId, merged: mergeId });
}

export async function split(trackId: number, frameIndex: number) {
  const ctx = await trackCtx(trackId);
  const ptsMs = checkFrame(ctx, frameIndex);
  const boxes = await listTrackBoxes(trackId);
  const first = boxes[0];
  const last = boxes.at(-1);
  if (!first || !last || frameIndex <= first.frameIndex || frameIndex > last.frameIndex) {
    throw invalid("frameIndex", `Split inside the track: after its first frame ${first?.frameIndex ?? "—"} and at most its last frame ${last?.frameIndex ?? "—"}`);
  }
  const has = boxes.some((b) => b.frameIndex === frameIndex);
  const at = has ? null : boxAt(boxes.map((b) => ({ ptsMs: b.ptsMs, box: [b.x, b.y, b.w, b.h] as Box4, outside: b.outside })), ptsMs);
  const newId = await splitTrack(trackId, frameIndex, at ? keyBox(frameIndex, ptsMs, at as Box4) : null);
  return done(ctx.track.videoId, { trackId, newTrackId: newId });
}

export async function addManualTrack(videoId: number, label: string, frameIndex: number, box: Box4) {
  const ctx = await videoCtx(videoId);
  const ptsMs = checkFrame(ctx, frameIndex);
  checkBox(ctx, box);
  const id = await insertManualTrack(videoId, label, keyBox(frameIndex, ptsMs, clipBox(ctx, box)));
  return done(videoId, { trackId: id });
}

export async function putKeyframe(trackId: number, frameIndex: number, box: Box4) {
  const ctx = await trackCtx(trackId);
  const ptsMs = checkFrame(ctx, frameIndex);
  checkBox(ctx, box);
  await upsertTrackBoxes(trackId, [keyBox(frameIndex, ptsMs, clipBox(ctx, box))]);
  return done(ctx.track.videoId, { trackId, frameIndex, ptsMs });
}

export async function removeKeyframe(trackId: number, frameIndex: number) {
  const ctx = await trackCtx(trackId);
  checkFrame(ctx, frameIndex);
  const boxes = await listTrackBoxes(trackId);
  if (!boxes.some((b) => b.frameIndex === frameIndex)) throw new NotFoundError(`Box on frame ${frameIndex}`);
  if (boxes.length === 1) throw new ConflictError("This is the track's only box: delete the track instead");
  await deleteTrackBox(trackId, frameIndex);
  return done(ctx.track.videoId, { trackId, frameIndex });
}

/** What the studio says about a follow, in words: never "followed" when the target was lost. */
export function followMessage(res: Pick<FollowResult, "stopped" | "lostAt" | "boxes">, fromFrame: number, lastFrame: number | null): string {
  const kept = lastFrame === null ? "nothing was added" : `kept frames ${fromFrame + 1}–${lastFrame} (${res.boxes.length} boxes)`;
  switch (res.stopped) {
    case "lost":
      return `Lost at frame ${res.lostAt}: ${kept}`;
    case "edge":
      return `The box left the picture at frame ${lastFrame ?? fromFrame}: ${kept}`;
    case "end":
      return `The video ended: ${kept}`;
    case "done":
      return `Followed to frame ${lastFrame}: ${kept}`;
  }
}

/** Follows the track's last box forward over up to `frames` frames and stores the followed boxes. */
export async function follow(
  trackId: number,
  frames: number,
  minScore?: number,
): Promise<{ trackId: number; fromFrame: number; stored: number } & Omit<FollowResult, "boxes"> & { lastFrame: number | null; message: string }> {
  const ctx = await trackCtx(trackId);
  const last = (await listTrackBoxes(trackId)).at(-1);
  if (!last) throw new ConflictError("The track has no box to follow from");
  const res = await withFrameSource(ctx.video, (src) =>
    followBox({ file: src.file, probe: src.probe, timeline: ctx.timeline, width: ctx.width, height: ctx.height, startFrame: last.frameIndex, box: [last.x, last.y, last.w, last.h], frames, minScore }),
  ).catch((e: unknown) => {
    if (e instanceof RangeError) throw invalid("box", e.message);
    throw e;
  });
  const stored = await upsertTrackBoxes(
    trackId,
    res.boxes.map((b) => ({ frameIndex: b.frameIndex, ptsMs: b.ptsMs, x: b.box[0], y: b.box[1], w: b.box[2], h: b.box[3], score: b.score, keyframe: false })),
  );
  const lastFrame = res.boxes.at(-1)?.frameIndex ?? null;
  return done(ctx.track.videoId, { trackId, fromFrame: last.frameIndex, stored, stopped: res.stopped, lastScore: res.lastScore, lostAt: res.lostAt, lastFrame, message: followMessage(res, last.frameIndex, lastFrame) });
}
