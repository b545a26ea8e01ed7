import { createDetectorPool, type DetectorPool } from "@/lib/detect/pool";
import type { RecordedFrame } from "@/lib/recordings/recorder";
import type { Storage } from "@/lib/storage";
import { LiveAnalyser } from "./live-analyser";
import { percentile } from "./output";
import { RecordingLiveSink } from "./recording-sink";

/** Width of the recorder's live output (the raw stream the detector sees). */
export const LIVE_WIDTH = 640;

/**
 * One wasm detector pool per process for every live recording it runs (a process-wide slot: Next's
 * bundle and the worker's source may both load this module). Warmed before first use (each worker's
 * first inference compiles the graph).
 */
const KEY = Symbol.for("framecart.live.pool");
export function sharedLivePool(): Promise<DetectorPool> {
  const g = globalThis as unknown as Record<symbol, Promise<DetectorPool> | undefined>;
  g[KEY] ??= (async () => {
    const pool = await createDetectorPool({ backend: "wasm" });
    const blank = () => ({ data: new Uint8Array(64 * 48 * 3), width: 64, height: 48 });
    await Promise.all(Array.from({ length: pool.size }, () => pool.detect(blank(), { tiles: false, features: true })));
    return pool;
  })();
  const p = g[KEY];
  p.catch(() => (g[KEY] = undefined)); // a failed start is retried by the next recording
  return p;
}

/** Closes the shared pool (the last supervisor of the process stopped). */
export async function closeSharedLivePool(): Promise<void> {
  const g = globalThis as unknown as Record<symbol, Promise<DetectorPool> | undefined>;
  const p = g[KEY];
  g[KEY] = undefined;
  if (p) await (await p.catch(() => undefined))?.close();
}

/**
 * A recording's live detection inside the worker that records it: the recorder's live output
 * (`onFrame`) goes to the same LiveAnalyser (motion gating, bounded latency, EventBook) as the CLI,
 * on the process's shared pool; the sink writes state, events and detections. Frames that arrive
 * before the pool is ready are counted as dropped.
 */
export class RecordingLive {
  private analyser: LiveAnalyser | undefined;
  private sink: RecordingLiveSink | undefined;
  private early = 0;
  private failed: string | undefined;
  readonly ready: Promise<void>;

  constructor(
    private readonly o: { recordingId: number; prefix: string; store: Storage; fence: () => boolean; pool: () => Promise<DetectorPool>; log: (line: string) => void },
  ) {
    this.ready = o
      .pool()
      .then((pool) => {
        const analyser = new LiveAnalyser({ pool, gate: true, tiles: false, onLine: (l) => this.sink?.line(l), onEvent: (e, f) => this.sink?.event(e, f) });
        this.sink = new RecordingLiveSink({ recordingId: o.recordingId, store: o.store, prefix: o.prefix, stats: analyser.stats, fence: o.fence, log: o.log });
        this.analyser = analyser;
      })
      .catch((e: unknown) => {
        this.failed = e instanceof Error ? e.message : String(e);
        o.log(`[record ${o.recordingId}] live detection could not start: ${this.failed}`);
      });
  }

  /** The recorder's live output: never blocks the recording. */
  onFrame = (f: RecordedFrame): void => {
    if (!this.analyser || !this.sink) {
      this.early++;
      return;
    }
    this.sink.frameSize(f.width, f.height);
    try {
      this.analyser.offer(f);
    } catch (e) {
      // The detector failed: live detection stops, the recording goes on.
      if (!this.failed) this.o.log(`[record ${this.o.recordingId}] live detection failed: ${e instanceof Error ? e.message : String(e)}`);
      this.failed ??= e instanceof Error ? e.message : String(e);
    }
  };

  /** The recording ended: open tracks close into events, every write finishes. Returns a summary for the log. */
  async finish(): Promise<string> {
    await this.ready;
    if (!this.analyser || !this.sink) return `live detection off (${this.failed ?? "not started"})`;
    await this.analyser.finish().catch((e: unknown) => (this.failed ??= e instanceof Error ? e.message : String(e)));
    await this.sink.close();
    const s = this.analyser.stats;
    const l = this.sink.latencies;
    return `live: ${s.analysed} analysed, ${s.dropped + this.early} dropped, ${s.detectorRuns} detector runs, ${this.analyser.book.events.length} events, latency p50 ${percentile(l, 50)} / p95 ${percentile(l, 95)} ms${this.failed ? `; failed: ${this.failed}` : ""}`;
  }
}
