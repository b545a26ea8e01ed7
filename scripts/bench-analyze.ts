// Benchmarks the analysis pipeline on one clip in one run: decode only, bare single-thread inference per
// backend, the full pipeline through the worker pool, peak RSS, and the pool's parallel efficiency.
// usage: npm run bench:analyze -- [video] [--fps N] [--frames N] [--workers N] [--backends wasm,cpu] [--no-tiles] [--no-paths]
// --no-paths skips the two end-to-end paths (npm run analyze's, and the app's job worker's); --paths-only runs just them.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance as nodePerformance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import type { Tensor } from "@tensorflow/tfjs";
import { analyseInApp } from "@/lib/analysis/in-app-bench";
import { analyzeToDir } from "@/lib/analysis/local";
import { analyzeFrames } from "@/lib/detect/analyze";
import { initBackend, type BackendName } from "@/lib/detect/backend";
import { createDetector } from "@/lib/detect/detector";
import { loadGraphModelFromFile, modelJsonPath } from "@/lib/detect/models";
import { createDetectorPool } from "@/lib/detect/pool";
import { decodeFrames, type DecodedFrame } from "@/lib/media";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    fps: { type: "string", default: "10" },
    frames: { type: "string", default: "8" },
    workers: { type: "string", default: "2" },
    backends: { type: "string", default: "tensorflow-gpu,tensorflow,wasm,cpu" },
    "no-tiles": { type: "boolean", default: false },
    "no-paths": { type: "boolean", default: false },
    "paths-only": { type: "boolean", default: false },
  },
});
const video = positionals[0] ?? "../shared/fixtures/media/product_demo.mp4";
const fps = Number(values.fps);
const bareFrames = Number(values.frames);
const workers = Number(values.workers);
const tiles = !values["no-tiles"];
const rssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);
const line = (k: string, v: string): void => console.log(`${k.padEnd(44)} ${v}`);

const load = (): string => os.loadavg().map((v) => v.toFixed(2)).join(" ");
console.log(`bench-analyze: ${video}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), node ${process.version}, tiles ${tiles ? "on (3 views/frame)" : "off"}`);
// Other processes on the machine skew every figure below: the load average says how much.
line("load average at start (1/5/15 min)", load());

if (values["paths-only"]) await endToEnd();
else {
// 1. Decode only: every frame, then the analysis sample.
const all: DecodedFrame[] = [];
let t = performance.now();
for await (const f of decodeFrames(video)) all.push(f);
const decodeMs = performance.now() - t;
line("decode only, all frames", `${all.length} frames ${(decodeMs / 1000).toFixed(2)} s = ${((all.length * 1000) / decodeMs).toFixed(0)} fps (${all[0]?.width}x${all[0]?.height} RGB24)`);
const sample = all.filter((_, i) => i % Math.max(1, Math.floor(all.length / bareFrames)) === 0).slice(0, bareFrames);
all.length = 0;

// 2. Bare inference, one thread, per backend that starts here.
const bare = new Map<BackendName, number>();
const bareCpu = new Map<BackendName, number>();
let batchTried = false;
let batchNote = "not tried";
for (const name of (values.backends ?? "").split(",").filter(Boolean) as BackendName[]) {
  try {
    const info = await initBackend(name);
    const model = await loadGraphModelFromFile(info.tf, modelJsonPath("centernet"));
    const x = info.tf.randomUniform([1, 512, 512, 3], 0, 255);
    const run = async (): Promise<void> => {
      const out = model.execute(x, "tower_0/detections") as Tensor;
      await out.data();
      out.dispose();
    };
    await run(); // warm-up: kernels compile / weights upload on first use
    const n = name === "cpu" ? 1 : bareFrames;
    t = performance.now();
    for (let i = 0; i < n; i++) await run();
    const modelMs = (performance.now() - t) / n;
    x.dispose();
    if (!batchTried && name !== "cpu") {
      // A batch only helps if the graph takes one; CenterNet's signature says batch 1 — try it.
      batchTried = true;
      const xb = info.tf.randomUniform([3, 512, 512, 3], 0, 255);
      try {
        t = performance.now();
        const out = model.execute(xb, "tower_0/detections") as Tensor;
        await out.data();
        out.dispose();
        batchNote = `[${name}] batch of 3: ${((performance.now() - t) / 3).toFixed(0)} ms/image vs ${modelMs.toFixed(0)} ms single`;
      } catch (err) {
        batchNote = `[${name}] batch of 3 refused: ${(err instanceof Error ? err.message : String(err)).slice(0, 110)}`;
      } finally {
        xb.dispose();
      }
    }
    model.dispose();
    const views = tiles ? 3 : 1;
    let frameMs = modelMs * views;
    let how = `≈ ${views} × model (too slow to run on the sample)`;
    if (name !== "cpu") {
      const det = await createDetector({ backend: name, tiles });
      await det.detect(sample[0] as DecodedFrame);
      t = performance.now();
      const cpu0 = process.cpuUsage();
      for (const f of sample) await det.detect(f);
      frameMs = (performance.now() - t) / sample.length;
      bareCpu.set(name, cpuMs(cpu0) / sample.length);
      det.dispose();
      how = `detect() on ${sample.length} real frames`;
    }
    bare.set(name, 1000 / frameMs);
    line(`bare inference [${name}], 1 thread`, `model ${modelMs.toFixed(0)} ms/view; ${frameMs.toFixed(0)} ms/frame = ${(1000 / frameMs).toFixed(2)} fps, ${how}  (${info.version})`);
  } catch (err) {
    line(`bare inference [${name}]`, `unavailable: ${(err instanceof Error ? err.message : String(err)).split("\n")[0]}`);
  }
}
line("batching", batchNote);
line("peak RSS after bare runs", `${rssMb()} MB`);

// 3. The pipeline: decode (ffmpeg) → pool of workers → tracker, overlapped.
const backend = bare.has("tensorflow-gpu") ? "tensorflow-gpu" : bare.has("tensorflow") ? "tensorflow" : "wasm";
t = performance.now();
const pool = await createDetectorPool({ size: backend === "wasm" ? workers : 1, backend, tiles });
const startMs = performance.now() - t;
t = performance.now();
const cpu1 = process.cpuUsage();
const result = await analyzeFrames(decodeFrames(video, { fps }), { pool });
const pipeMs = performance.now() - t;
const pipeCpu = cpuMs(cpu1) / result.frames.length;
await pool.close();
const pipeFps = (result.frames.length * 1000) / pipeMs;
line(`pipeline [${backend}] ${pool.size} workers at ${fps} fps sampling`, `${result.frames.length} frames ${(pipeMs / 1000).toFixed(1)} s = ${pipeFps.toFixed(2)} fps; ${result.tracks.length} tracks; pool start ${(startMs / 1000).toFixed(1)} s`);
line("peak RSS (main + worker threads)", `${rssMb()} MB`);
const single = bare.get(backend);
if (single) line("pipeline ÷ (bare 1-thread × workers)", `${(pipeFps / (single * pool.size)).toFixed(2)} (wall clock)`);
const singleCpu = bareCpu.get(backend);
if (singleCpu) line("CPU per frame: bare → pipeline", `${singleCpu.toFixed(0)} → ${pipeCpu.toFixed(0)} ms (pipeline overhead ×${(pipeCpu / singleCpu).toFixed(2)}, excl. ffmpeg)`);

// 4. The two ways a video is analysed for real, on the same clip and sampling: `npm run analyze` (no
// annotation) and the app's job worker (upload → probe → analyze-video in this process, embedded DB).
if (!values["no-paths"] && tiles) await endToEnd();
}
line("load average at end (1/5/15 min)", load());

async function endToEnd(): Promise<void> {
  const outDir = await fs.mkdtemp(path.join(os.tmpdir(), "fc-bench-cli-"));
  const runCli = async () => {
    const cpu0 = process.cpuUsage();
    const elu0 = nodePerformance.eventLoopUtilization();
    const cli = await analyzeToDir(video, { outDir, videoId: "bench-analyze", fps, annotated: false });
    const frames = cli.document.frames.length;
    const r = { fps: (frames * 1000) / cli.timings.analyseMs, cpu: cpuMs(cpu0) / frames, busy: nodePerformance.eventLoopUtilization(elu0).utilization };
    line(`CLI path (npm run analyze) [${cli.start.backend}] ${cli.start.workers} workers`, `${frames} frames ${(cli.timings.analyseMs / 1000).toFixed(1)} s = ${r.fps.toFixed(2)} fps; CPU ${r.cpu.toFixed(0)} ms/frame, main thread busy ${(100 * r.busy).toFixed(0)} %; ${cli.document.tracks.length} tracks (${cli.document.tracks.filter((t) => !t.hidden).length} shown)`);
    return r;
  };
  // CLI, app, CLI: the load of a shared machine drifts, so the app is compared with the mean of the runs around it.
  const cli1 = await runCli();
  const app = await analyseInApp(video, { fps });
  const appCpu = app.cpuMs / app.framesAnalysed;
  line(`in-app path (job worker) [${app.backend}] ${app.workers} workers`, `${app.framesAnalysed} frames ${(app.analyseMs / 1000).toFixed(1)} s = ${app.fps.toFixed(2)} fps; CPU ${appCpu.toFixed(0)} ms/frame, main thread busy ${(100 * app.mainThreadBusy).toFixed(0)} % (upload → succeeded ${(app.totalMs / 1000).toFixed(1)} s)`);
  const cli2 = await runCli();
  const cliFps = (cli1.fps + cli2.fps) / 2;
  const cliCpu = (cli1.cpu + cli2.cpu) / 2;
  line("in-app ÷ CLI (mean of the two CLI runs)", `${(app.fps / cliFps).toFixed(2)} fps (wall clock); CPU per frame ×${(appCpu / cliCpu).toFixed(2)}`);
  await fs.rm(outDir, { recursive: true, force: true });
}

// CPU time of this process (all its threads): unlike wall time it does not grow when others load the machine.
function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}
