import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { getVideo } from "@/db/queries/videos";
import { BackendError } from "@/lib/detect/backend";
import { ModelLoadError } from "@/lib/detect/models";
import { PermanentJobError, type TaskContext } from "@/lib/jobs/task";
import { NotAVideoError } from "@/lib/media/errors";
import { MissingObjectError, storage } from "@/lib/storage";

// What the video jobs share (probe, objects: lib/analysis/job.ts, people: lib/people/job.ts): the video's
// file, storing the run's JSON and annotated MP4, and the failures no retry fixes.

/** A job's video row and its file on local disk (the caller releases it); gone or missing → a permanent failure. */
export async function jobVideoFile(videoId: number) {
  const video = await getVideo(videoId);
  if (!video) throw new PermanentJobError(`Video ${videoId} no longer exists`);
  const local = await storage()
    .localPath(video.storageKey)
    .catch((e: unknown) => {
      // Missing is final; storage being unreachable is worth a retry.
      if (e instanceof MissingObjectError) throw new PermanentJobError("The video file is missing from storage");
      throw e;
    });
  return { video, local };
}

export type RunOutputs = {
  /** Storage keys of the JSON document and of the annotated MP4. */
  jsonKey: string;
  annotatedKey: string;
  doc: unknown;
  /** Renders the annotated MP4 into `file`; absent: no annotated video for this run. */
  annotate?: (file: string) => Promise<{ ms: number; bytes: number }>;
};

/** Stores the JSON and the annotated MP4 (each overwrites an earlier attempt's); checks for a cancel after. */
export async function storeRunOutputs(o: RunOutputs, ctx: Pick<TaskContext, "throwIfAborted">): Promise<{ annotatedKey: string | null; annotateMs: number }> {
  const json = Buffer.from(JSON.stringify(o.doc));
  await storage().put(o.jsonKey, json, { contentType: "application/json", size: json.length });
  let annotatedKey: string | null = null;
  let annotateMs = 0;
  if (o.annotate) {
    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), "fc-annotated-"));
    try {
      const file = path.join(tmp, "annotated.mp4");
      const a = await o.annotate(file);
      annotateMs = a.ms;
      await storage().put(o.annotatedKey, createReadStream(file), { contentType: "video/mp4", size: a.bytes });
      annotatedKey = o.annotatedKey;
    } finally {
      await fs.rm(tmp, { recursive: true, force: true });
    }
  }
  ctx.throwIfAborted();
  return { annotatedKey, annotateMs };
}

/** Failures a retry cannot fix end the run at once, in the model's, TF.js's or ffmpeg's own words. */
export function permanentFailure(e: unknown, model: string): unknown {
  if (e instanceof ModelLoadError) return new PermanentJobError(`${model} could not be loaded: ${e.message}`);
  if (e instanceof BackendError) return new PermanentJobError(`The TF.js backend could not start: ${e.message}`);
  if (e instanceof NotAVideoError) return new PermanentJobError(`Not a video we can read: ${e.reason}`);
  return e;
}
