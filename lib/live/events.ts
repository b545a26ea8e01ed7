import type { Box } from "@/lib/geometry/box";
import { CONFIRM_RULES, confirmTrack } from "@/lib/track/confirm";
import type { TrackBox, TrackedObject } from "@/lib/track/types";

/** One confirmed track of a live stream: when it was seen, and its best view. */
export interface LiveEvent {
  trackId: number;
  label: string;
  startWallClockMs: number;
  endWallClockMs: number;
  /** The snapshot's path relative to the output folder (a JPEG of the best frame, box drawn). */
  snapshot: string;
  /** The best frame: the highest detection score the track had, and its box there. */
  score: number;
  box: Box;
  bestWallClockMs: number;
  hits: number;
}

/** The frame an event's snapshot is made from. */
export interface SnapshotFrame {
  data: Uint8Array;
  width: number;
  height: number;
}

interface Open {
  label: string;
  firstWallMs: number;
  lastWallMs: number;
  lastTrackerMs: number;
  boxes: TrackBox[];
  best: { score: number; box: Box; wallMs: number; frame: SnapshotFrame };
}

// Evidence for confirmTrack: the first boxes decide it (a track that lives for hours keeps no more).
const MAX_EVIDENCE = 300;

/**
 * Turns the tracker's per-frame output into events: a track opens when the tracker first reports it,
 * closes when it has not been seen for the track buffer (wall-clock ms), and becomes an event only when
 * lib/track/confirm.ts confirms it — the same rule as file analysis.
 */
export class EventBook {
  private readonly open = new Map<number, Open>();
  readonly events: LiveEvent[] = [];

  constructor(
    private readonly o: { trackBufferMs: number; tiles: boolean; onEvent: (e: LiveEvent, frame: SnapshotFrame) => void },
  ) {}

  get openCount(): number {
    return this.open.size;
  }

  /** One analysed frame: the tracker's objects on it; then tracks unseen for longer than the buffer close. */
  see(objects: readonly TrackedObject[], at: { trackerMs: number; wallClockMs: number; frameIndex: number; frame: SnapshotFrame }): void {
    for (const obj of objects) {
      let t = this.open.get(obj.trackId);
      if (!t) {
        t = { label: obj.label, firstWallMs: at.wallClockMs, lastWallMs: at.wallClockMs, lastTrackerMs: at.trackerMs, boxes: [], best: { score: -1, box: obj.box, wallMs: at.wallClockMs, frame: at.frame } };
        this.open.set(obj.trackId, t);
      }
      t.label = obj.label;
      t.lastWallMs = at.wallClockMs;
      t.lastTrackerMs = at.trackerMs;
      if (t.boxes.length < MAX_EVIDENCE) t.boxes.push({ frameIndex: at.frameIndex, ptsMs: at.trackerMs, box: obj.box, score: obj.score });
      if (obj.score > t.best.score) t.best = { score: obj.score, box: obj.box, wallMs: at.wallClockMs, frame: at.frame };
    }
    for (const [id, t] of this.open) if (at.trackerMs - t.lastTrackerMs > this.o.trackBufferMs) this.close(id, t);
  }

  /** Closes every open track (the end of the run). */
  closeAll(): void {
    for (const [id, t] of this.open) this.close(id, t);
  }

  private close(id: number, t: Open): void {
    this.open.delete(id);
    const { width, height } = t.best.frame;
    if (!confirmTrack({ label: t.label, boxes: t.boxes }, { width, height }, { ...CONFIRM_RULES, tiles: this.o.tiles }).confirmed) return;
    const e: LiveEvent = {
      trackId: id,
      label: t.label,
      startWallClockMs: Math.round(t.firstWallMs),
      endWallClockMs: Math.round(t.lastWallMs),
      snapshot: `snapshots/${id}.jpg`,
      score: t.best.score,
      box: t.best.box,
      bestWallClockMs: Math.round(t.best.wallMs),
      hits: t.boxes.length,
    };
    this.events.push(e);
    this.o.onEvent(e, t.best.frame);
  }
}
