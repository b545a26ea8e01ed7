import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance as nodePerformance } from "node:perf_hooks";
import { Readable } from "node:stream";
import { migrate, openPglite, setDbHandle } from "@/db";
import { getRun } from "@/db/queries/runs";
import { getVideo } from "@/db/queries/videos";
import { enqueue, startWorkers } from "@/lib/jobs";
import { localStorage, setStorage } from "@/lib/storage";
import { ingestUpload } from "@/lib/videos/upload";
import { setAutoAnalyze } from "./auto";

export interface InAppAnalysis {
  framesAnalysed: number;
  analyseMs: number;
  fps: number;
  workers: number;
  backend: string | null;
  /** Upload to succeeded run, including the probe job and the detector's start. */
  totalMs: number;
  /** CPU time of this process (all threads) and the main thread's event-loop utilisation, from queueing the analysis to its end. */
  cpuMs: number;
  mainThreadBusy: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

/**
 * The app's own analysis path, for the benchmark: a throwaway embedded database and storage folder,
 * the video uploaded through the upload service, probed and analysed by the job worker in this process
 * (pg-boss, the analyze-video task, its detector pool, progress writes) exactly as `npm start` runs it.
 * Returns the run's own timings. Leaves nothing behind; meant for a process that does nothing else.
 */
export async function analyseInApp(file: string, opts: { fps: number; timeoutMs?: number }): Promise<InAppAnalysis> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "fc-bench-app-"));
  const handle = await openPglite();
  await migrate(handle);
  setDbHandle(handle);
  setStorage(localStorage(dir));
  setAutoAnalyze(false);
  // The app's own worker settings (polling, concurrency), as `npm start` has them.
  const workers = await startWorkers({ recordings: false });
  const t0 = performance.now();
  try {
    const stat = await fs.stat(file);
    const query = new URLSearchParams({ youtube: "bench-analyze", title: "bench", filename: path.basename(file) });
    const req = new Request(`http://localhost/api/videos?${query}`, {
      method: "POST",
      headers: { "content-type": "video/mp4", "content-length": String(stat.size) },
      body: Readable.toWeb(createReadStream(file)) as unknown as ReadableStream<Uint8Array>,
      duplex: "half",
    } as RequestInit);
    const { video } = await ingestUpload(req, null);
    await until("the probe", async () => ((await getVideo(video.id))?.status === "ready" ? true : undefined), 120_000);
    const cpu0 = process.cpuUsage();
    const elu0 = nodePerformance.eventLoopUtilization();
    const { run } = await enqueue("analyze-video", { videoId: video.id, fps: opts.fps, annotate: false });
    const done = await until("the analysis", async () => {
      const r = await getRun(run.id);
      return r && ["succeeded", "failed", "canceled"].includes(r.status) ? r : undefined;
    }, opts.timeoutMs ?? 3_600_000);
    const cpu = process.cpuUsage(cpu0);
    const elu = nodePerformance.eventLoopUtilization(elu0);
    if (done.status !== "succeeded") throw new Error(`in-app analysis ${done.status}: ${done.error ?? ""}`);
    const t = (done.timings ?? {}) as Record<string, unknown>;
    const framesAnalysed = Number(t.framesAnalysed);
    const analyseMs = Number(t.analyseMs);
    return { framesAnalysed, analyseMs, fps: (framesAnalysed * 1000) / analyseMs, workers: Number(t.workers), backend: done.backend, totalMs: Math.round(performance.now() - t0), cpuMs: (cpu.user + cpu.system) / 1000, mainThreadBusy: elu.utilization };
  } finally {
    await workers.stop();
    setDbHandle(undefined);
    await handle.close();
    setStorage(undefined);
    await fs.rm(dir, { recursive: true, force: true });
  }
}
