import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { drawLabelledBox } from "@/lib/analysis/draw";
import { writeAtomically } from "@/lib/analysis/local";
import type { LiveEvent, SnapshotFrame } from "./events";
import type { LiveLine } from "./live-analyser";

/** A stream's drop and return: no frames between the two wall-clock times. */
export interface LiveGap {
  afterRun: number;
  fromWallClockMs: number;
  toWallClockMs: number;
  ms: number;
  reason: string;
}

export const DETECTIONS_FORMAT = "framecart-live-detections/1";

/**
 * The live output folder: `detections.jsonl` (a header line, then one line per analysed frame and one
 * per gap, appended as they happen), `events.json` (rewritten whole, atomically, as events close) and
 * `snapshots/<trackId>.jpg`.
 */
export class LiveOutput {
  readonly latencies: number[] = [];
  private readonly lines: fs.WriteStream;
  private writes: Promise<void> = Promise.resolve();
  private readonly events: LiveEvent[] = [];

  constructor(readonly dir: string) {
    fs.mkdirSync(path.join(dir, "snapshots"), { recursive: true });
    this.lines = fs.createWriteStream(path.join(dir, "detections.jsonl"));
  }

  header(h: Record<string, unknown>): void {
    this.lines.write(`${JSON.stringify({ header: { format: DETECTIONS_FORMAT, ...h } })}\n`);
  }

  /** Appends a frame's line; its latency is now − the frame's wall clock (the line is handed to the OS now). */
  line(l: LiveLine): void {
    const latencyMs = Math.round(Date.now() - l.wallClockMs);
    this.latencies.push(latencyMs);
    const objects = l.objects.map((o) => ({ trackId: o.trackId, label: o.label, score: o.score, box: o.box }));
    this.lines.write(`${JSON.stringify({ ptsMs: l.ptsMs, wallClockMs: l.wallClockMs, objects, run: l.run, clock: l.clock, detector: l.detector, latencyMs })}\n`);
  }

  gap(g: LiveGap): void {
    this.lines.write(`${JSON.stringify({ gap: g })}\n`);
  }

  /** The event's snapshot (its best frame, box drawn, JPEG), then events.json again. */
  event(e: LiveEvent, frame: SnapshotFrame): void {
    this.events.push(e);
    const img = { data: new Uint8Array(frame.data), width: frame.width, height: frame.height };
    drawLabelledBox(img, { trackId: e.trackId, label: e.label, box: e.box });
    const events = [...this.events];
    this.writes = this.writes.then(async () => {
      await writeAtomically(path.join(this.dir, e.snapshot), (tmp) => sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } }).jpeg({ quality: 80 }).toFile(tmp));
      await this.writeEvents(events);
    });
  }

  private writeEvents(events: LiveEvent[]): Promise<void> {
    return writeAtomically(path.join(this.dir, "events.json"), (tmp) => fsp.writeFile(tmp, JSON.stringify({ events }, null, 1)));
  }

  /** Waits for snapshots, writes events.json (even when empty) and the summary, closes the lines file. */
  async close(summary: Record<string, unknown>): Promise<void> {
    await this.writes;
    await this.writeEvents(this.events);
    await writeAtomically(path.join(this.dir, "summary.json"), (tmp) => fsp.writeFile(tmp, JSON.stringify(summary, null, 1)));
    await new Promise<void>((r, j) => this.lines.end((e?: Error | null) => (e ? j(e) : r())));
  }
}

/** The p-th percentile (0–100) of the values, nearest rank; null when there are none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}
