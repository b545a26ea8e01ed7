import { storage } from "@/lib/storage";
import { FfmpegError, NotAVideoError } from "@/lib/media/errors";
import { probeVideo } from "@/lib/media/probe";
import { readTimeline } from "@/lib/media/timeline-read";

/** The upload is not a whole, playable video; the message is safe to show the admin. */
export class UnplayableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnplayableError";
  }
}

export type UploadFacts = { durationMs: number | null; width: number; height: number; codec: string; frameCount: number };

/**
 * Checks a stored upload before it is accepted: ffprobe must find a real video stream, and every
 * packet the container lists must be in the file (a truncated MP4 with its index in front probes
 * fine, so the packet list is read too; this reads no pictures and takes a few seconds per hour).
 */
export async function inspectUpload(key: string): Promise<UploadFacts> {
  const local = await storage().localPath(key);
  try {
    const probe = await probeVideo(local.path);
    const timeline = await readTimeline(local.path, { probe });
    if (timeline.truncated) throw new UnplayableError("The file is truncated or damaged: some frames are missing. Upload the complete file.");
    return {
      durationMs: Number.isFinite(probe.durationMs) ? probe.durationMs : null,
      width: probe.width,
      height: probe.height,
      codec: probe.codec,
      frameCount: timeline.frameCount,
    };
  } catch (e) {
    if (e instanceof NotAVideoError) throw new UnplayableError(`Not a video we can read: ${e.reason}`);
    if (e instanceof FfmpegError && !e.crashed) throw new UnplayableError("Not a video we can read: ffprobe could not read it");
    throw e;
  } finally {
    await local.release();
  }
}
