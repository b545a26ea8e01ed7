import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { insertVideo, updateVideo } from "@/db/queries/videos";
import { getRecording, insertRecording, listRecordings, updateRecording, type StreamRecording } from "@/db/queries/recordings";
import type { Video } from "@/db/schema";
import { ApiError, conflict, notFound } from "@/lib/api/errors";
import { isTestRun } from "@/lib/env";
import { enqueue } from "@/lib/jobs";
import { safeKey, storage } from "@/lib/storage";
import { inspectUpload } from "@/lib/videos/inspect";
import { newLocalId } from "@/lib/videos/youtube-id";
import { Recorder } from "./recorder";
import { indexKey, redactUrl, type RecordingIndex, type SegmentEntry } from "./recording-index";

// Recordings started from the admin UI run in this (server or worker) process and write into the
// app's own storage under recordings/rec-<id>/. The map lives on globalThis so Next's module
// reloading in development does not lose running recorders.
const g = globalThis as { __framecartRecorders?: Map<number, { recorder: Recorder; done: Promise<RecordingIndex> }> };
const running = (g.__framecartRecorders ??= new Map());

export interface StartInput {
  sourceUrl: string;
  seconds?: number;
  segmentSeconds?: number;
}

const prefixOf = (id: number) => safeKey("recordings", `rec-${id}`);

function rowPatch(i: RecordingIndex) {
  const status = i.state === "starting" ? "starting" : i.state === "recording" || i.state === "reconnecting" ? "recording" : i.state === "failed" ? "failed" : "stopped";
  return {
    status,
    segments: i.segments,
    gaps: i.gaps,
    firstFrameWallclock: i.wallclock.firstFrame ? new Date(i.wallclock.firstFrame) : null,
    wallclockSource: i.wallclock.source,
    error: i.error ?? (i.state === "reconnecting" ? "reconnecting" : null),
    stoppedAt: status === "stopped" || status === "failed" ? new Date(i.updatedAt) : null,
  } as const;
}

export async function startRecording(input: StartInput, userId: number | null): Promise<StreamRecording> {
  const row = await insertRecording({ sourceUrl: redactUrl(input.sourceUrl), target: storage().kind, status: "starting", createdBy: userId, startedAt: new Date() });
  const id = prefixOf(row.id);
  const recorder = new Recorder({
    source: input.sourceUrl,
    target: { store: storage(), label: `storage:${storage().kind}` },
    id,
    seconds: input.seconds,
    segmentSeconds: input.segmentSeconds,
    retries: 10,
    onUpdate: async (i) => {
      await updateRecording(row.id, rowPatch(i));
    },
    log: (l) => {
      if (!isTestRun()) console.log(l);
    },
  });
  const done = recorder.run().finally(() => running.delete(row.id));
  done.catch((e: unknown) => console.error(`[record ${id}] failed`, e));
  running.set(row.id, { recorder, done });
  return (await updateRecording(row.id, { indexKey: indexKey(id) })) ?? row;
}

export function isRunning(id: number): boolean {
  return running.has(id);
}

/** Graceful stop: waits (up to 20 s) until the last segment is uploaded and the index written. */
export async function stopRecording(id: number): Promise<StreamRecording> {
  const row = await getRecording(id);
  if (!row) throw notFound("Recording");
  const r = running.get(id);
  if (!r) throw conflict("This recording is not running in this process");
  r.recorder.stop();
  await Promise.race([r.done.catch(() => {}), new Promise((res) => setTimeout(res, 20_000))]);
  return (await getRecording(id)) ?? row;
}

export { getRecording, listRecordings };

/**
 * Registers a recording's first run as a video: its segments are one fMP4 stream (one init, then
 * every fragment), streamed from storage into a new video object, then probed like an upload.
 */
export async function recordingToVideo(id: number, userId: number | null): Promise<Video> {
  const row = await getRecording(id);
  if (!row) throw notFound("Recording");
  if (running.has(id)) throw conflict("Stop the recording first");
  const segs = (row.segments as SegmentEntry[]).filter((s) => s.run === 0).sort((a, b) => a.index - b.index);
  if (!segs.length) throw new ApiError("validation_failed", "The recording has no segments");
  const store = storage();
  const key = safeKey("videos", `${randomUUID()}.mp4`);
  const body = Readable.from(
    (async function* () {
      for (const [n, s] of segs.entries()) {
        yield* await store.get(s.key, n === 0 ? undefined : { start: s.initBytes });
      }
    })(),
  );
  const { size } = await store.put(key, body, { contentType: "video/mp4" });
  const facts = await inspectUpload(key);
  const video = await insertVideo({
    youtubeId: newLocalId(),
    title: `Recording ${id}`,
    storageKey: key,
    originalName: `rec-${id}.mp4`,
    sizeBytes: size,
    durationMs: facts.durationMs,
    width: facts.width,
    height: facts.height,
    codec: facts.codec,
    status: "uploaded",
    uploadedBy: userId,
  });
  if (!video) throw conflict("Could not register the video");
  await updateRecording(id, { videoId: video.id });
  try {
    await enqueue("probe-video", { videoId: video.id }, { run: { requestedBy: userId } });
  } catch (e) {
    console.error("[recordings] could not queue the probe job", e);
    return (await updateVideo(video.id, { status: "failed", error: "Could not queue processing; try again" })) ?? video;
  }
  return video;
}
