import type { DetectorPool } from "@/lib/detect/pool";
import type { DetectOptions, Detection } from "@/lib/detect/types";
import { createTracker, DEFAULT_TRACKER, type Tracker } from "@/lib/track/tracker";
import type { TrackedObject } from "@/lib/track/types";
import { EventBook, type LiveEvent, type SnapshotFrame } from "./events";
import { MotionGate, type MotionOptions } from "./motion";
import { cropRgb, mergeRegion, planDetection, type DetectPlan } from "./regions";
import type { LiveFrame } from "./stream-source";

/** One analysed frame, as a line of detections.jsonl (latency is added when it is written). */
export interface LiveLine {
  run: number;
  ptsMs: number;
  wallClockMs: number;
  clock: "rtcp" | "host";
  /** What the detector did: ran on the whole frame, on the moving region, or not at all (nothing moved). */
  detector: "full" | "region" | "skip";
  objects: TrackedObject[];
}

export interface LiveStats {
  received: number;
  analysed: number;
  /** Frames thrown away because the detector was still busy with earlier ones (latency stays bounded). */
  dropped: number;
  detectorRuns: number;
  fullRuns: number;
  regionRuns: number;
  skipped: number;
}

export interface LiveAnalyserOptions {
  pool: DetectorPool;
  /** Motion gating (default on): the detector runs only where and when something moved. */
  gate?: boolean;
  motion?: MotionOptions;
  /** With gating, the whole frame is still analysed at least this often (default 10 s). */
  refreshMs?: number;
  /** A lost track is kept this long (ms of wall clock), across a stream's drop and return too. */
  trackBufferMs?: number;
  tiles?: boolean;
  /** Frames in the detector at once (default: the pool's size). */
  maxInFlight?: number;
  onLine: (line: LiveLine) => void;
  onEvent: (event: LiveEvent, frame: SnapshotFrame) => void;
}

interface Pending {
  frame: LiveFrame;
  trackerMs: number;
  plan: DetectPlan;
  result: Promise<Detection[]> | null;
}

/**
 * Live detection and tracking: frames are offered as they arrive; at most `maxInFlight` are in the
 * detector and one waits, a newer frame replaces the waiting one (counted as dropped), so a detector
 * slower than the stream costs frames, never latency. Results are tracked in arrival order by the same
 * tracker as file analysis, on a clock of wall-clock ms (so a stream's gap ages tracks by its length).
 */
export class LiveAnalyser {
  readonly stats: LiveStats = { received: 0, analysed: 0, dropped: 0, detectorRuns: 0, fullRuns: 0, regionRuns: 0, skipped: 0 };
  readonly book: EventBook;
  private readonly tracker: Tracker;
  private readonly gate: MotionGate;
  private readonly detectOpts: DetectOptions;
  private readonly maxInFlight: number;
  private waiting: LiveFrame | undefined;
  private readonly queue: Pending[] = [];
  private consuming: Promise<void> | undefined;
  private busy = false;
  private known: Detection[] = [];
  private lastFullMs = -Infinity;
  private lastTrackerMs = -Infinity;
  private readonly runOffset = new Map<number, number>();
  private t0: number | undefined;
  private frameIndex = 0;
  private failure: unknown;

  constructor(private readonly o: LiveAnalyserOptions) {
    const trackBufferMs = o.trackBufferMs ?? 5000;
    this.tracker = createTracker({ trackBufferMs });
    this.gate = new MotionGate(o.motion);
    this.detectOpts = { minScore: DEFAULT_TRACKER.lowScore, tiles: o.tiles ?? false, features: true };
    this.maxInFlight = Math.max(1, o.maxInFlight ?? o.pool.size);
    this.book = new EventBook({ trackBufferMs, tiles: o.tiles ?? false, onEvent: o.onEvent });
  }

  /** A frame arrived. Never waits: the frame is analysed, queued, or replaces the one queued. */
  offer(frame: LiveFrame): void {
    if (this.failure) throw this.failure;
    this.stats.received++;
    if (this.waiting) this.stats.dropped++;
    this.waiting = frame;
    this.kick();
  }

  /** Waits until every accepted frame is analysed (throws what the detector threw). */
  async drain(): Promise<void> {
    while (this.consuming || this.waiting) {
      this.kick();
      await this.consuming;
    }
    if (this.failure) throw this.failure;
  }

  /** The end: waits for the frames in hand, then every open track closes (confirmed ones become events). */
  async finish(): Promise<LiveEvent[]> {
    await this.drain();
    this.book.closeAll();
    return this.book.events;
  }

  private kick(): void {
    while (this.waiting && this.queue.length < this.maxInFlight) {
      const f = this.waiting;
      this.waiting = undefined;
      this.queue.push(this.submit(f));
    }
    if (!this.busy && this.queue.length) {
      // Set before consume() starts: it runs synchronously through frames the detector skips.
      this.busy = true;
      this.consuming = this.consume().finally(() => {
        this.busy = false;
        this.consuming = undefined;
        if (!this.failure) this.kick();
      });
    }
  }

  /** Tracker time: the run's pts, placed on the host's wall clock at the run's first frame (monotonic across runs). */
  private trackerTime(f: LiveFrame): number {
    this.t0 ??= f.arrivalMs;
    let off = this.runOffset.get(f.run);
    if (off === undefined) {
      off = Math.max(f.arrivalMs - this.t0 - f.ptsMs, this.lastTrackerMs + 1 - f.ptsMs);
      this.runOffset.set(f.run, off);
    }
    const ms = Math.max(f.ptsMs + off, this.lastTrackerMs);
    this.lastTrackerMs = ms;
    return ms;
  }

  private submit(frame: LiveFrame): Pending {
    const trackerMs = this.trackerTime(frame);
    const { width, height, data } = frame;
    let plan: DetectPlan = { kind: "full" };
    const { motion, levels } = this.gate.measure(data, width, height);
    if (this.o.gate !== false && trackerMs - this.lastFullMs < (this.o.refreshMs ?? 10_000)) plan = planDetection(motion.box, this.known, width, height);
    if (plan.kind === "skip") return { frame, trackerMs, plan, result: null };
    // The reference moves only when the detector looks: slow changes add up until they count.
    this.gate.accept(levels, width, height);
    if (plan.kind === "full") this.lastFullMs = trackerMs;
    const input = plan.kind === "region" ? cropRgb(data, width, plan.box) : { data: new Uint8Array(data), width, height };
    const result = this.o.pool.detect(input, { ...this.detectOpts, transfer: true });
    result.catch(() => undefined);
    return { frame, trackerMs, plan, result };
  }

  private async consume(): Promise<void> {
    try {
      for (let head = this.queue[0]; head; head = this.queue[0]) {
        const { frame, plan } = head;
        let detections: Detection[];
        if (plan.kind === "skip") detections = this.known;
        else {
          const found = await (head.result as Promise<Detection[]>);
          detections = plan.kind === "region" ? mergeRegion(found, plan.box, this.known, frame.width, frame.height) : found;
          this.stats.detectorRuns++;
          if (plan.kind === "region") this.stats.regionRuns++;
          else this.stats.fullRuns++;
        }
        if (plan.kind === "skip") this.stats.skipped++;
        this.known = detections;
        const index = this.frameIndex++;
        const objects = this.tracker.update(head.trackerMs, detections, index);
        this.stats.analysed++;
        this.book.see(objects, { trackerMs: head.trackerMs, wallClockMs: frame.wallClockMs, frameIndex: index, frame });
        // pts to the µs: with a 90 kHz clock that names the recorded frame exactly (1 tick = 11.1 µs).
        this.o.onLine({ run: frame.run, ptsMs: Math.round(frame.ptsMs * 1000) / 1000, wallClockMs: round(frame.wallClockMs), clock: frame.clock, detector: plan.kind, objects });
        this.queue.shift();
        this.kick();
      }
    } catch (e) {
      this.failure = e;
      this.queue.length = 0;
      this.waiting = undefined;
    }
  }
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
