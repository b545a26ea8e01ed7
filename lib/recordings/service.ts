import { randomUUID } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { insertVideo, updateVideo } from "@/db/queries/videos";
import {
  claimRecording,
  getRecording,
  insertRecording,
  listRecordings,
  requestRecordingStop,
  updateRecording,
  type StreamRecording,
} from "@/db/queries/recordings";
import type { Video } from "@/db/schema";
import { ConflictError, InvalidInputError, NotFoundError } from "@/lib/errors";
import { env } from "@/lib/env";
import { enqueue } from "@/lib/jobs/queue";
import { safeKey, storage } from "@/lib/storage";
import { persistLiveTracks } from "@/lib/live/recording-tracks";
import { readTimeline, type Timeline } from "@/lib/media";
import { inspectUpload } from "@/lib/videos/inspect";
import { newLocalId } from "@/lib/videos/youtube-id";
import { JoinError, planJoin, writeJoined } from "./join-runs";
import { finishClaimed, readRecordingIndex, recordingPrefix } from "./leased-recording";
import { indexKey, redactUrl } from "./recording-index";
import { sealSource } from "./source-secret";
import { pokeRecordingSupervisors } from "./supervisor";

// Recordings started from the admin UI are rows in stream_recordings: the API only writes the row
// (and a stop request); job-worker processes run them under a lease (supervisor.ts), so a recording
// outlives the web process that started it and survives a worker's crash (another one resumes it).

export interface StartInput {
  sourceUrl: string;
  seconds?: number;
  segmentSeconds?: number;
  live?: { fps: number };
}

const ACTIVE: StreamRecording["status"][] = ["starting", "recording"];
export const isActive = (r: Pick<StreamRecording, "status">) => ACTIVE.includes(r.status);

/** Queues a recording for the workers and answers at once (status `starting` until one takes it). */
export async function startRecording(input: StartInput, userId: number | null): Promise<StreamRecording> {
  const row = await insertRecording({
    sourceUrl: redactUrl(input.sourceUrl),
    sourceSecret: sealSource(input.sourceUrl),
    seconds: input.seconds,
    segmentSeconds: input.segmentSeconds,
    live: input.live ?? null,
    target: storage().kind,
    status: "starting",
    createdBy: userId,
    startedAt: new Date(),
  });
  const updated = await updateRecording(row.id, { indexKey: indexKey(recordingPrefix(row.id)) });
  pokeRecordingSupervisors(); // a worker in this process (embedded mode) takes it without waiting for its poll
  return updated ?? row;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Graceful stop from any process: asks the worker holding the recording to stop (it sees the request on
 * its next heartbeat), and waits up to `waitMs` until the last segment is uploaded and the index written.
 * A recording nobody holds (no worker took it yet, or its worker died) is finished here.
 */
export async function stopRecording(id: number, opts: { waitMs?: number; pollMs?: number } = {}): Promise<StreamRecording> {
  const row = await getRecording(id);
  if (!row) throw new NotFoundError("Recording");
  if (!isActive(row) || !(await requestRecordingStop(id))) return (await getRecording(id)) ?? row;
  pokeRecordingSupervisors();
  const owner = `api:${os.hostname()}:${process.pid}`;
  const deadline = Date.now() + (opts.waitMs ?? 20_000);
  for (;;) {
    const unheld = await claimRecording(owner, env().RECORDING_LEASE_SECONDS * 1000, { id });
    if (unheld) return (await finishClaimed(unheld, owner, storage(), "stopped", "stopped while no worker was running it")) ?? row;
    const now = await getRecording(id);
    if (!now || !isActive(now) || Date.now() >= deadline) return now ?? row;
    await sleep(opts.pollMs ?? 200);
  }
}

export { getRecording, listRecordings };

/**
 * Registers a recording as a video: every run, by stream copy, in one MP4 whose pts keep the real gaps
 * between runs (join-runs.ts), written to a temporary file (moov first), stored as a new video
 * object, then probed like an upload.
 */
export async function recordingToVideo(id: number, userId: number | null): Promise<Video> {
  const row = await getRecording(id);
  if (!row) throw new NotFoundError("Recording");
  if (isActive(row)) throw new ConflictError("Stop the recording first");
  if (!(row.segments as unknown[]).length) throw new InvalidInputError("The recording has no segments");
  const store = storage();
  const index = await readRecordingIndex(store, recordingPrefix(id));
  if (!index) throw new InvalidInputError("The recording's index.json is missing from storage");
  const plan = await planJoin(store, index).catch((e: unknown) => {
    throw e instanceof JoinError ? new InvalidInputError(e.message) : e;
  });
  const key = safeKey("videos", `${randomUUID()}.mp4`);
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "framecart-join-"));
  let size: number;
  let timeline: Timeline | undefined;
  try {
    await writeJoined(store, plan, path.join(dir, "video.mp4"));
    // The joined file's own frames: live tracks are placed on them (recording-tracks.ts).
    if (row.live) timeline = await readTimeline(path.join(dir, "video.mp4"));
    ({ size } = await store.put(key, fs.createReadStream(path.join(dir, "video.mp4")), { contentType: "video/mp4" }));
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
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
  if (!video) throw new ConflictError("Could not register the video");
  await updateRecording(id, { videoId: video.id });
  const videoTrack = plan.tracks.find((t) => t.handler === "vide");
  if (timeline && videoTrack) {
    const res = await persistLiveTracks({ recordingId: id, video, store, runs: plan.runs, videoTrackId: videoTrack.id, timeline, requestedBy: userId });
    if (res) console.log(`[recordings] ${id}: live tracks → video ${video.id}: ${res.tracks} tracks, ${res.boxes} boxes on ${res.frames} frames (${res.unplaced} frames not in the video), run ${res.runId}`);
  }
  try {
    await enqueue("probe-video", { videoId: video.id }, { run: { requestedBy: userId } });
  } catch (e) {
    console.error("[recordings] could not queue the probe job", e);
    return (await updateVideo(video.id, { status: "failed", error: "Could not queue processing; try again" })) ?? video;
  }
  return video;
}
