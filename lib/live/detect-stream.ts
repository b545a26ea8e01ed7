import fs from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import type { BackendRequest } from "@/lib/detect/backend";
import type { ModelName } from "@/lib/detect/models";
import { createDetectorPool, type DetectorPool } from "@/lib/detect/pool";
import { LiveAnalyser, type LiveLine, type LiveStats } from "./live-analyser";
import { LiveOutput, percentile, type LiveGap } from "./output";
import { streamRun, type LiveFrame, type StreamRunEnd } from "./stream-source";

export interface DetectStreamOptions {
  url: string;
  outDir: string;
  /** Stop after this many seconds (host clock, from the start); unlimited when absent (stop with the signal). */
  seconds?: number;
  fps?: number;
  /** Width the frames are scaled to for motion and the detector (default 640). */
  width?: number;
  /** Motion gating (default on). */
  gate?: boolean;
  model?: ModelName;
  backend?: BackendRequest;
  workers?: number;
  tiles?: boolean;
  trackBufferMs?: number;
  /** Failed connection attempts in a row before giving up, and the backoff between attempts. */
  retries?: number;
  backoffMs?: [number, number];
  ioTimeoutMs?: number;
  pool?: DetectorPool;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export interface DetectStreamSummary {
  source: string;
  fps: number;
  gate: boolean;
  backend: string;
  workers: number;
  runs: number;
  gaps: LiveGap[];
  stats: LiveStats;
  events: number;
  /** Analysed frames per second of stream received (first to last frame, gaps excluded). */
  analysedFps: number | null;
  streamSeconds: number;
  latencyMs: { p50: number | null; p95: number | null; max: number | null; rtcpShare: number };
  /** CPU time of this process (all threads: the detector workers too) and of its ffmpeg children, ms. */
  cpuMs: { node: number; ffmpeg: number | null };
  peakRssMb: number;
  endReason: string;
}

/** The password in an RTSP URL never reaches the output files. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@\s]+:)[^@\s]+@/, "$1***@");
}

/** CPU ms of waited-for child processes (ffmpeg), from /proc/self/stat (Linux); null elsewhere. */
function childrenCpuMs(): number | null {
  try {
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(f[13]) + Number(f[14])) * 1000) / 100; // cutime + cstime, in clock ticks (USER_HZ 100)
  } catch {
    return null;
  }
}

/**
 * Live detection on an RTSP stream into `outDir` until `seconds` pass or the signal aborts: each
 * connection decodes the stream at `fps` (lib/live/stream-source), the analyser detects (motion-gated)
 * and tracks; a dropped stream is reconnected with backoff and the gap is written; at the end the open
 * tracks close into events and every file is complete.
 */
export async function detectStream(o: DetectStreamOptions): Promise<DetectStreamSummary> {
  const fps = o.fps ?? 5;
  const gate = o.gate !== false;
  const stop = new AbortController();
  const onOuter = () => stop.abort();
  o.signal?.addEventListener("abort", onOuter, { once: true });
  if (o.signal?.aborted) stop.abort();
  let peakRss = process.memoryUsage().rss;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 1000);
  const pool = o.pool ?? (await createDetectorPool({ model: o.model ?? "centernet", backend: o.backend ?? "wasm", ...(o.workers ? { size: o.workers } : {}) }));
  // The first inference of each worker compiles the graph (seconds): done before the stream is read.
  const blank = () => ({ data: new Uint8Array(64 * 48 * 3), width: 64, height: 48 });
  await Promise.all(Array.from({ length: pool.size }, () => pool.detect(blank(), { tiles: o.tiles ?? false, features: true })));
  // CPU is counted from here: the stream's cost, not the model's loading.
  const cpu0 = process.cpuUsage();
  const child0 = childrenCpuMs();
  const out = new LiveOutput(o.outDir);
  // The time limit counts from the moment the detector is ready (its start takes seconds on a busy machine).
  const timer = o.seconds !== undefined ? setTimeout(() => stop.abort(), o.seconds * 1000) : undefined;
  out.header({
    source: redact(o.url),
    fps,
    width: o.width ?? 640,
    gate,
    model: o.model ?? "centernet",
    backend: pool.backend.name,
    workers: pool.size,
    wallClock: "per line `clock`: rtcp = the frame's capture time from the source's RTCP sender reports; host = host time when the frame reached the detector (until the first sender report)",
    latency: "latencyMs = host time the line was written − wallClockMs",
  });
  let rtcpLines = 0;
  const onLine = (l: LiveLine) => {
    if (l.clock === "rtcp") rtcpLines++;
    out.line(l);
  };
  const analyser = new LiveAnalyser({ pool, gate, tiles: o.tiles ?? false, trackBufferMs: o.trackBufferMs ?? 5000, onLine, onEvent: (e, f) => out.event(e, f) });
  const gaps: LiveGap[] = [];
  let runs = 0;
  let failures = 0;
  let endReason = "stopped";
  let last: LiveFrame | undefined;
  let mediaMs = 0;
  let pendingGap: { afterRun: number; from: number; reason: string } | undefined;
  try {
    for (let attempt = 0; !stop.signal.aborted; attempt++) {
      // Runs are numbered by the connections that brought frames (a refused attempt is no run).
      const run = runs;
      const it = streamRun({ url: o.url, run, fps, width: o.width ?? 640, ioTimeoutMs: o.ioTimeoutMs, signal: stop.signal });
      let runFirst: LiveFrame | undefined;
      let end: StreamRunEnd;
      for (;;) {
        const r = await it.next();
        if (r.done) {
          end = r.value;
          break;
        }
        const f = r.value;
        if (!runFirst) {
          runFirst = f;
          runs++;
          if (pendingGap) {
            const g = { afterRun: pendingGap.afterRun, fromWallClockMs: Math.round(pendingGap.from), toWallClockMs: Math.round(f.wallClockMs), ms: Math.round(f.wallClockMs - pendingGap.from), reason: pendingGap.reason };
            gaps.push(g);
            out.gap(g);
            o.log?.(`stream back after ${g.ms} ms`);
            pendingGap = undefined;
          }
        }
        analyser.offer(f);
        last = f;
      }
      if (runFirst && last) mediaMs += last.ptsMs - runFirst.ptsMs;
      if (stop.signal.aborted) break;
      failures = runFirst ? 0 : failures + 1;
      if (!pendingGap && last) pendingGap = { afterRun: last.run, from: last.wallClockMs, reason: end.reason };
      if (failures > (o.retries ?? 10)) {
        endReason = `source gone after ${failures} attempts: ${end.reason}`;
        break;
      }
      const [b0, b1] = o.backoffMs ?? [500, 4000];
      const wait = Math.min(b1, b0 * 2 ** Math.max(0, failures - 1));
      o.log?.(`${runFirst ? `run ${run}` : `attempt ${attempt}`} ended (${end.reason}); reconnecting in ${wait} ms`);
      await sleep(wait, undefined, { signal: stop.signal }).catch(() => undefined);
    }
    const events = await analyser.finish();
    const cpu = process.cpuUsage(cpu0);
    const child1 = childrenCpuMs();
    const summary: DetectStreamSummary = {
      source: redact(o.url),
      fps,
      gate,
      backend: pool.backend.name,
      workers: pool.size,
      runs,
      gaps,
      stats: { ...analyser.stats },
      events: events.length,
      analysedFps: mediaMs > 0 ? Math.round((analyser.stats.analysed / (mediaMs / 1000 + runs / fps)) * 100) / 100 : null,
      streamSeconds: Math.round(mediaMs) / 1000,
      latencyMs: { p50: percentile(out.latencies, 50), p95: percentile(out.latencies, 95), max: percentile(out.latencies, 100), rtcpShare: Math.round((rtcpLines / Math.max(1, analyser.stats.analysed)) * 100) / 100 },
      cpuMs: { node: Math.round((cpu.user + cpu.system) / 1000), ffmpeg: child0 === null || child1 === null ? null : Math.round(child1 - child0) },
      peakRssMb: Math.round(peakRss / 2 ** 20),
      endReason,
    };
    await out.close(summary as unknown as Record<string, unknown>);
    return summary;
  } finally {
    clearTimeout(timer);
    clearInterval(rssTimer);
    o.signal?.removeEventListener("abort", onOuter);
    if (!o.pool) await pool.close();
  }
}
