import type { DetectorPool } from "@/lib/detect/pool";
import { createDetectorPool } from "@/lib/detect/pool";
import type { RecordingIndex } from "@/lib/recordings/recording-index";
import { Recorder, type RecorderOptions, type RecordedFrame } from "@/lib/recordings/recorder";
import { redact } from "./detect-stream";
import { LiveAnalyser, type LiveStats } from "./live-analyser";
import { LiveOutput, percentile, type LiveGap } from "./output";

export interface RecordLiveOptions extends Omit<RecorderOptions, "live"> {
  /** Local folder for detections.jsonl, events.json and snapshots/. */
  liveOut: string;
  fps?: number;
  width?: number;
  gate?: boolean;
  workers?: number;
  pool?: DetectorPool;
}

export interface RecordLiveResult {
  index: RecordingIndex;
  live: { stats: LiveStats; events: number; gaps: LiveGap[]; latencyMs: { p50: number | null; p95: number | null } };
}

/**
 * A recording with live detection on: one ffmpeg pulls the stream and writes both the copied segments
 * (the recorder, unchanged) and the sampled raw frames the live analyser detects and tracks, so the
 * stream is fetched and decoded once. The recording's pace never depends on the detector (frames it
 * cannot take are dropped and counted). Returns when the recording ends (`recorder.stop()` via `onRecorder`).
 */
export async function recordWithLiveDetection(o: RecordLiveOptions, onRecorder?: (r: Recorder) => void): Promise<RecordLiveResult> {
  const fps = o.fps ?? 5;
  const width = o.width ?? 640;
  const pool = o.pool ?? (await createDetectorPool({ backend: "wasm", ...(o.workers ? { size: o.workers } : {}) }));
  try {
    const blank = () => ({ data: new Uint8Array(64 * 48 * 3), width: 64, height: 48 });
    await Promise.all(Array.from({ length: pool.size }, () => pool.detect(blank(), { tiles: false, features: true })));
    const out = new LiveOutput(o.liveOut);
    out.header({
      source: redact(o.source),
      recording: o.id,
      fps,
      width,
      gate: o.gate !== false,
      model: "centernet",
      backend: pool.backend.name,
      workers: pool.size,
      wallClock: "per line `clock`: rtcp = the frame's capture time from the source's RTCP sender reports; host = host time when the frame reached the detector (until the first sender report)",
      latency: "latencyMs = host time the line was written − wallClockMs",
      pts: "ptsMs and run are the recording's: the frame at ptsMs of run `run` is in the segment of that run covering it",
    });
    const analyser = new LiveAnalyser({ pool, gate: o.gate !== false, tiles: false, onLine: (l) => out.line(l), onEvent: (e, f) => out.event(e, f) });
    const gaps: LiveGap[] = [];
    let last: RecordedFrame | undefined;
    const onFrame = (f: RecordedFrame) => {
      if (last && f.run !== last.run) {
        const g: LiveGap = { afterRun: last.run, fromWallClockMs: Math.round(last.wallClockMs), toWallClockMs: Math.round(f.wallClockMs), ms: Math.round(f.wallClockMs - last.wallClockMs), reason: "stream dropped" };
        gaps.push(g);
        out.gap(g);
      }
      last = f;
      analyser.offer(f);
    };
    const recorder = new Recorder({ ...o, live: { fps, width, onFrame } });
    onRecorder?.(recorder);
    const index = await recorder.run();
    const events = await analyser.finish();
    const live = { stats: { ...analyser.stats }, events: events.length, gaps, latencyMs: { p50: percentile(out.latencies, 50), p95: percentile(out.latencies, 95) } };
    await out.close({ recording: o.id, state: index.state, ...live });
    return { index, live };
  } finally {
    if (!o.pool) await pool.close();
  }
}
