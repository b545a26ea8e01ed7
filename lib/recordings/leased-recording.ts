import { performance } from "node:perf_hooks";
import { buffer } from "node:stream/consumers";
import { releaseRecording, renewRecordingLease, updateOwnedRecording, type StreamRecording } from "@/db/queries/recordings";
import type { DetectorPool } from "@/lib/detect/pool";
import { LIVE_WIDTH, RecordingLive, sharedLivePool } from "@/lib/live/recording-live";
import { safeKey, type Storage } from "@/lib/storage";
import { Recorder } from "./recorder";
import { closeInterrupted, indexKey, newIndex, type RecordingIndex } from "./recording-index";

// One recording run by the worker that holds its lease: the Recorder writes segments and the index,
// every index change is mirrored into the row (only while this worker still owns it), a heartbeat
// renews the lease and picks up a stop request. Losing the lease stops everything at once.

/** Recordings started from the app live in its storage under recordings/rec-<id>/. */
export const recordingPrefix = (id: number) => safeKey("recordings", `rec-${id}`);

export interface LeaseSettings {
  owner: string;
  leaseMs: number;
  heartbeatMs: number;
}

/** The row's columns that mirror the index (states mapped onto the row's enum). */
export function rowPatch(i: RecordingIndex) {
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

/** The index a recording's earlier process left in storage, if any. */
export async function readRecordingIndex(store: Storage, prefix: string): Promise<RecordingIndex | undefined> {
  if (!(await store.stat(indexKey(prefix)))) return undefined;
  return JSON.parse((await buffer(await store.get(indexKey(prefix)))).toString("utf8")) as RecordingIndex;
}

/**
 * Ends a claimed recording without recording anything more: a stop asked for while no worker ran it
 * ("stopped"), or a row that cannot be resumed ("ended", `why` becomes its error). Whatever the last
 * process indexed stays; its open run is closed. The index and the row are written, the lease given up.
 */
export async function finishClaimed(row: StreamRecording, owner: string, store: Storage, how: "stopped" | "ended", why: string): Promise<StreamRecording | undefined> {
  const prefix = recordingPrefix(row.id);
  const index = (await readRecordingIndex(store, prefix)) ?? newIndex(prefix, row.sourceUrl, `storage:${store.kind}`);
  closeInterrupted(index, why, false);
  const recorded = index.segments.length > 0;
  index.state = how === "stopped" ? "stopped" : recorded ? "ended" : "failed";
  index.error = how === "stopped" ? (recorded ? null : "stopped before anything was recorded") : why;
  index.updatedAt = new Date().toISOString();
  await store.put(indexKey(prefix), Buffer.from(JSON.stringify(index, null, 1)), { contentType: "application/json" });
  const done = await updateOwnedRecording(row.id, owner, { ...rowPatch(index), indexKey: indexKey(prefix) });
  await releaseRecording(row.id, owner);
  return done ? { ...done, owner: null, leaseUntil: null } : undefined;
}

export class LeasedRecording {
  readonly done: Promise<void>;
  private readonly recorder: Recorder;
  /** Live detection on the recorder's second output, when the row asks for it. */
  private readonly live: RecordingLive | undefined;
  /** Local (monotonic) time until which the lease is surely ours: measured from when the renewal was sent. */
  private validUntil: number;
  private renewing = false;
  private lost = false;
  private stopAsked = false;
  private finished = false;

  constructor(
    readonly row: StreamRecording,
    source: string,
    resume: RecordingIndex | undefined,
    private readonly lease: LeaseSettings & { claimedAt: number },
    store: Storage,
    private readonly log: (line: string) => void,
    livePool: () => Promise<DetectorPool> = sharedLivePool,
  ) {
    this.validUntil = lease.claimedAt + lease.leaseMs;
    const prefix = recordingPrefix(row.id);
    this.live = row.live ? new RecordingLive({ recordingId: row.id, prefix, store, fence: () => this.holds(), pool: livePool, log }) : undefined;
    this.recorder = new Recorder({
      source,
      target: { store, label: `storage:${store.kind}` },
      id: recordingPrefix(row.id),
      seconds: row.seconds ?? undefined,
      segmentSeconds: row.segmentSeconds ?? undefined,
      retries: 10,
      resume,
      fence: () => this.holds(),
      onUpdate: (i) => this.mirror(i),
      log,
      ...(this.live && row.live ? { live: { fps: row.live.fps, width: LIVE_WIDTH, onFrame: this.live.onFrame } } : {}),
    });
    if (resume) log(`[record ${row.id}] resuming as run ${resume.runs.length} (${resume.segments.length} segments kept)`);
    this.done = this.run();
  }

  get id(): number {
    return this.row.id;
  }

  /** Renews the lease; a stop request found on the row stops the recorder gracefully. */
  async heartbeat(): Promise<void> {
    if (this.lost || this.finished || this.renewing) return;
    if (!this.holds()) return this.loseLease("the lease ran out before it could be renewed");
    this.renewing = true;
    const sent = performance.now();
    try {
      const r = await renewRecordingLease(this.id, this.lease.owner, this.lease.leaseMs);
      if (!r) return this.loseLease("another worker holds the lease now");
      this.validUntil = sent + this.lease.leaseMs;
      if (r.stopRequestedAt && !this.stopAsked) {
        this.stopAsked = true;
        this.log(`[record ${this.id}] stop requested`);
        this.recorder.stop();
      }
    } catch (e) {
      this.log(`[record ${this.id}] lease renewal failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.renewing = false;
    }
  }

  /** Graceful shutdown of this worker: the last segment is finalised, then the lease is given up. */
  handOver(): void {
    this.recorder.handOver("worker shut down; handed over to another worker");
  }

  /** Stops at once without writing anything more; the lease runs out and another worker resumes. */
  abandon(why: string): void {
    this.loseLease(why);
  }

  private holds(): boolean {
    // Half a heartbeat of margin: stop writing a little before the database would let another worker in.
    return !this.lost && performance.now() < this.validUntil - this.lease.heartbeatMs / 2;
  }

  private loseLease(why: string): void {
    if (this.lost) return;
    this.lost = true;
    this.log(`[record ${this.id}] lease lost (${why}): stopping without writing`);
    this.recorder.abandon();
  }

  private async mirror(i: RecordingIndex): Promise<void> {
    // A failed write is only logged: the heartbeat decides whether the lease is still ours.
    const row = await updateOwnedRecording(this.id, this.lease.owner, rowPatch(i)).catch((e: unknown) => {
      this.log(`[record ${this.id}] row update failed: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    });
    if (row === undefined) this.loseLease("the row is owned by another worker");
  }

  private async run(): Promise<void> {
    try {
      const index = await this.recorder.run();
      // Still under the lease: the last events, state and detections are written before it is given up.
      if (this.live) this.log(`[record ${this.id}] ${await this.live.finish()}`);
      if (this.lost) return;
      await releaseRecording(this.id, this.lease.owner);
      this.log(`[record ${this.id}] ${index.state}; lease released`);
    } catch (e) {
      // Not released: the lease runs out and a worker tries again then (that is the back-off).
      const message = e instanceof Error ? e.message : String(e);
      this.log(`[record ${this.id}] recorder failed: ${message}`);
      if (this.live) this.log(`[record ${this.id}] ${await this.live.finish().catch((err: unknown) => String(err))}`);
      await updateOwnedRecording(this.id, this.lease.owner, { error: `recorder failed (${message}); retried when the lease runs out` }).catch(() => {});
    } finally {
      this.finished = true;
    }
  }
}
