import { getTimeline as getStoredTimeline } from "@/db/queries/videos";
import type { Video } from "@/db/schema";
import { NotFoundError } from "@/lib/errors";
import { LruCache } from "@/lib/cache/lru";
import { MissingObjectError, storage } from "@/lib/storage";
import { FfmpegError, NotAVideoError } from "@/lib/media/errors";
import { probeVideo, type VideoProbe } from "@/lib/media/probe";
import { decodeTimeline, timelineCache, type Timeline } from "@/lib/media/timeline";

/** The stored exact timeline (decoded once per video and cached); undefined until the probe job ran. */
export async function videoTimeline(video: Video): Promise<Timeline | undefined> {
  const row = await getStoredTimeline(video.id);
  if (!row) return undefined;
  const key = `video:${video.id}:${row.createdAt.getTime()}`;
  return timelineCache.getOrLoad(key, async () => decodeTimeline(row));
}

/**
 * What extractFrame / decodeFrames need to read a few frames of a stored video: `file` is a local path
 * (local storage: the file's own timeline, cached by path, is read by the callee), or a presigned URL
 * that ffmpeg reads with HTTP Range requests, with the stored timeline and a probe made over the URL
 * (reading the timeline from the file would read the whole file).
 */
export interface FrameSource {
  file: string;
  timeline?: Timeline;
  probe?: VideoProbe;
}

// ffprobe over a URL reads the container's header and index: once per object version.
const remoteProbes = new LruCache<VideoProbe>(64);

async function open(video: Video): Promise<FrameSource & { release: () => Promise<void> }> {
  const src = await storage().mediaInput(video.storageKey);
  if (!src) throw new NotFoundError("Video file");
  if (!src.remote) return { file: src.input, release: src.release };
  const timeline = await videoTimeline(video);
  if (!timeline) {
    // Not probed yet (an admin looking early): read it whole, through the download cache.
    await src.release();
    const local = await storage().localPath(video.storageKey);
    return { file: local.path, release: local.release };
  }
  try {
    const probe = await remoteProbes.getOrLoad(`${video.storageKey}@${src.version}`, () => probeVideo(src.input));
    return { file: src.input, timeline, probe, release: src.release };
  } catch (e) {
    await src.release();
    throw e;
  }
}

/**
 * Runs `read` on the video's file (see FrameSource) and releases it after. A file missing from
 * storage, or gone while ffmpeg read it, is a 404, not an ffmpeg failure.
 */
export async function withFrameSource<T>(video: Video, read: (src: FrameSource) => Promise<T>): Promise<T> {
  try {
    const src = await open(video);
    try {
      return await read(src);
    } finally {
      await src.release();
    }
  } catch (e) {
    if (e instanceof MissingObjectError) throw new NotFoundError("Video file");
    if ((e instanceof FfmpegError || e instanceof NotAVideoError) && !(await storage().stat(video.storageKey))) throw new NotFoundError("Video file");
    throw e;
  }
}
