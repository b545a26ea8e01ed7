import sharp from "sharp";
import { appendLiveChunk, insertLiveEvent, upsertLiveState } from "@/db/queries/recording-live";
import { drawLabelledBox } from "@/lib/analysis/draw";
import type { Storage } from "@/lib/storage";
import type { LiveEvent, SnapshotFrame } from "./events";
import type { LiveLine, LiveStats } from "./live-analyser";

/** One analysed frame as kept in a recording's detections chunks (storage, JSON array). */
export interface ChunkFrame {
  session: number;
  run: number;
  ptsMs: number;
  wallClockMs: number;
  /** Host time the frame's result was handed to the sink − wallClockMs. */
  latencyMs: number;
  objects: { trackId: number; label: string; score: number; box: [number, number, number, number]; observed?: false }[];
}

export interface RecordingSinkOptions {
  recordingId: number;
  store: Storage;
  /** Key prefix of the recording (recordings/rec-<id>); live files go under `<prefix>/live/`. */
  prefix: string;
  stats: LiveStats;
  /** False once this worker no longer holds the recording: nothing more is written. */
  fence: () => boolean;
  /** Newest-frame row writes at most this often (default 250 ms: 4 a second). */
  stateEveryMs?: number;
  /** Frames per detections chunk (default 300: a minute at 5 fps). */
  chunkFrames?: number;
  log: (line: string) => void;
}

/**
 * Where a recording's live detection goes (the worker holding its lease): the newest frame's row
 * (recording_live_state, throttled), each closed event's JPEG snapshot (storage, beside the segments)
 * and row (recording_live_events, with where it starts and ends in the recording: run and pts), and
 * the per-frame detections in chunks in storage for the recording's video tracks (recording-tracks.ts).
 * Writes are serialised; a failed one is logged, never stops the recording.
 */
export class RecordingLiveSink {
  readonly latencies: number[] = [];
  private session: number | undefined;
  private width = 0;
  private height = 0;
  private chunk: ChunkFrame[] = [];
  private chunkNo = 0;
  private lastStateAt = -Infinity;
  private pendingState: LiveLine | undefined;
  private stateTimer: NodeJS.Timeout | undefined;
  private writes: Promise<void> = Promise.resolve();
  private readonly seen = new Map<number, { first: { run: number; ptsMs: number }; last: { run: number; ptsMs: number } }>();

  constructor(private readonly o: RecordingSinkOptions) {}

  /** The live frames' size (the scaled raw stream), known from the first frame. */
  frameSize(width: number, height: number): void {
    this.width = width;
    this.height = height;
  }

  line(l: LiveLine): void {
    this.session ??= l.run;
    const latencyMs = Math.round(Date.now() - l.wallClockMs);
    this.latencies.push(latencyMs);
    const objects = l.objects.map((x) => ({ trackId: x.trackId, label: x.label, score: Math.round(x.score * 1000) / 1000, box: x.box.map((v) => Math.round(v * 10) / 10) as [number, number, number, number], ...(x.observed === false ? { observed: false as const } : {}) }));
    for (const x of objects) {
      const at = { run: l.run, ptsMs: l.ptsMs };
      const s = this.seen.get(x.trackId);
      if (s) s.last = at;
      else this.seen.set(x.trackId, { first: at, last: at });
    }
    this.chunk.push({ session: this.session, run: l.run, ptsMs: l.ptsMs, wallClockMs: l.wallClockMs, latencyMs, objects });
    if (this.chunk.length >= (this.o.chunkFrames ?? 300)) this.flushChunk();
    this.pendingState = l;
    const every = this.o.stateEveryMs ?? 250;
    const wait = this.lastStateAt + every - Date.now();
    if (wait <= 0) this.writeState();
    else this.stateTimer ??= setTimeout(() => this.writeState(), wait);
  }

  event(e: LiveEvent, frame: SnapshotFrame): void {
    const s = this.seen.get(e.trackId);
    if (!s || this.session === undefined) return;
    const session = this.session;
    const img = { data: new Uint8Array(frame.data), width: frame.width, height: frame.height };
    drawLabelledBox(img, { trackId: e.trackId, label: e.label, box: e.box });
    const key = `${this.o.prefix}/live/snap-${session}-${e.trackId}.jpg`;
    this.enqueue("event", async () => {
      const jpeg = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } }).jpeg({ quality: 80 }).toBuffer();
      await this.o.store.put(key, jpeg, { contentType: "image/jpeg" });
      await insertLiveEvent({
        recordingId: this.o.recordingId,
        session,
        trackId: e.trackId,
        label: e.label,
        startWallClockMs: e.startWallClockMs,
        endWallClockMs: e.endWallClockMs,
        startRun: s.first.run,
        startPtsMs: s.first.ptsMs,
        endRun: s.last.run,
        endPtsMs: s.last.ptsMs,
        snapshotKey: key,
        score: Math.round(e.score * 1000) / 1000,
        box: e.box,
      });
    });
  }

  /** The end: the last chunk and the newest state are written; waits for every write. */
  async close(): Promise<void> {
    clearTimeout(this.stateTimer);
    this.stateTimer = undefined;
    if (this.pendingState) this.writeState();
    this.flushChunk();
    await this.writes;
  }

  private writeState(): void {
    clearTimeout(this.stateTimer);
    this.stateTimer = undefined;
    const l = this.pendingState;
    if (!l) return;
    this.pendingState = undefined;
    this.lastStateAt = Date.now();
    const { analysed, dropped, detectorRuns } = this.o.stats;
    const row = {
      run: l.run,
      ptsMs: l.ptsMs,
      wallClockMs: Math.round(l.wallClockMs),
      latencyMs: Math.round(Date.now() - l.wallClockMs),
      width: this.width,
      height: this.height,
      objects: l.objects.map((x) => ({ trackId: x.trackId, label: x.label, score: Math.round(x.score * 1000) / 1000, box: x.box })),
      analysed,
      dropped,
      detectorRuns,
    };
    this.enqueue("state", () => upsertLiveState(this.o.recordingId, row));
  }

  private flushChunk(): void {
    if (!this.chunk.length) return;
    const frames = this.chunk;
    this.chunk = [];
    const key = `${this.o.prefix}/live/frames-${frames[0]?.session ?? 0}-${String(this.chunkNo++).padStart(5, "0")}.json`;
    this.enqueue("detections", async () => {
      await this.o.store.put(key, Buffer.from(JSON.stringify(frames)), { contentType: "application/json" });
      await appendLiveChunk(this.o.recordingId, key);
    });
  }

  private enqueue(what: string, f: () => Promise<unknown>): void {
    this.writes = this.writes.then(async () => {
      if (!this.o.fence()) return;
      await f().catch((e: unknown) => this.o.log(`[record ${this.o.recordingId}] live ${what} write failed: ${e instanceof Error ? e.message : String(e)}`));
    });
  }
}
