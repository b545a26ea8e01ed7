// npm run bench:live [-- --seconds N] [--memory-minutes M] [--cases still,moving]
// Live detection cost with and without motion gating: GStreamer's RTSP server (tests/helpers/rtsp-server.py;
// Debian packages gir1.2-gst-rtsp-server-1.0 python3-gi gstreamer1.0-plugins-{base,good,bad}) serves
// a still scene (fixtures person.jpg, 10 fps H.264 with temporal sensor noise) and a moving one
// (pedestrians_vfr.mp4 looped); `detect-stream` runs on each for N seconds (default 60) at 5 fps, gated
// and not, in its own process. Prints detector runs and CPU per minute of stream, with the load.
// --memory-minutes M: then one gated run of M minutes on the moving scene, its RSS sampled every 30 s.
import { spawn } from "node:child_process";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { DetectStreamSummary } from "@/lib/live/detect-stream";

const ROOT = path.resolve(import.meta.dirname, "..");
const { values } = parseArgs({ options: { seconds: { type: "string" }, "memory-minutes": { type: "string" }, cases: { type: "string" } } });
const seconds = Number(values.seconds ?? 60);
const memoryMinutes = values["memory-minutes"] ? Number(values["memory-minutes"]) : 0;
const cases = (values.cases ?? "still,moving").split(",");
const tmp = await fsp.mkdtemp(path.join(os.tmpdir(), "fc-bench-live-"));
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");

function run(bin: string, args: string[], opts: { onStdout?: (s: string) => void } = {}): { pid: number; done: Promise<string> } {
  const child = spawn(bin, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => {
    out += s;
    opts.onStdout?.(s);
  });
  child.stderr.setEncoding("utf8").on("data", (s: string) => (err = (err + s).slice(-3000)));
  const done = new Promise<string>((resolve, reject) => child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(bin)} exited ${code}: ${err}`)))));
  return { pid: child.pid ?? 0, done };
}

/** The scene's source file, made once in the temp folder. */
async function source(name: string, total: number): Promise<string> {
  const file = path.join(tmp, `${name}-${total}.mp4`);
  if (fs.existsSync(file)) return file;
  const fixtures = path.join(ROOT, "../shared/fixtures/media");
  const args =
    name === "still"
      ? ["-loop", "1", "-framerate", "10", "-i", path.join(fixtures, "person.jpg"), "-t", String(total), "-vf", "scale=768:-2,noise=alls=6:allf=t,format=yuv420p", "-c:v", "libx264", "-preset", "veryfast", "-g", "20"]
      : ["-stream_loop", String(Math.ceil(total / 30)), "-i", path.join(ROOT, "tests/fixtures/pedestrians_vfr.mp4"), "-t", String(total), "-c", "copy"];
  await run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", ...args, file]).done;
  return file;
}

async function serve(file: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn("/usr/bin/python3", [path.join(ROOT, "tests/helpers/rtsp-server.py"), file], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.once("close", (c) => reject(new Error(`RTSP server exited ${c}`)));
    child.stdout.setEncoding("utf8").on("data", (s: string) => {
      out += s;
      const m = /READY (\S+)/.exec(out);
      if (m) resolve(m[1] as string);
    });
  });
  return { url, stop: () => void child.kill("SIGKILL") };
}

function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

async function detect(scene: string, gate: boolean, secs: number, sampleRss = false) {
  const server = await serve(await source(scene, secs + 60));
  const out = path.join(tmp, `${scene}-${gate ? "gate" : "nogate"}-${secs}`);
  const samples: { s: number; mb: number | null }[] = [];
  try {
    const p = run(process.execPath, ["--import", "tsx", "scripts/detect-stream.ts", server.url, "--out", out, "--seconds", String(secs), ...(gate ? [] : ["--no-gate"])]);
    const t0 = Date.now();
    const timer = sampleRss ? setInterval(() => samples.push({ s: Math.round((Date.now() - t0) / 1000), mb: rssMb(p.pid) }), 30_000) : undefined;
    const stdout = await p.done.finally(() => clearInterval(timer));
    return { summary: JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as DetectStreamSummary, samples };
  } finally {
    server.stop();
  }
}

console.log(`bench:live — ${seconds} s per case at 5 fps, 640 px wide, wasm, 2 workers; ${os.cpus().length} cores; load before: ${load()}`);
const rows: string[] = [];
for (const scene of cases) {
  for (const gate of [false, true]) {
    const { summary: s } = await detect(scene, gate, seconds);
    const min = s.streamSeconds / 60;
    const per = (v: number) => (v / min).toFixed(0);
    const cpu = (s.cpuMs.node + (s.cpuMs.ffmpeg ?? 0)) / 1000;
    rows.push(
      `| ${scene} | ${gate ? "on" : "off"} | ${s.streamSeconds.toFixed(0)} | ${per(s.stats.received)} | ${per(s.stats.detectorRuns)} (${per(s.stats.regionRuns)} regions) | ${per(s.stats.skipped)} | ${per(s.stats.dropped)} | ${(cpu / min).toFixed(1)} (ffmpeg ${((s.cpuMs.ffmpeg ?? 0) / 1000 / min).toFixed(1)}) | ${s.latencyMs.p50} / ${s.latencyMs.p95} | ${s.events} | ${load()} |`,
    );
    console.log(rows[rows.length - 1]);
  }
}
console.log("\n| scene | gating | stream s | frames/min | detector runs/min | skipped/min | dropped/min | CPU s/min (ffmpeg) | latency p50 / p95 ms | events | load after |");
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const r of rows) console.log(r);

if (memoryMinutes > 0) {
  const { summary, samples } = await detect("moving", true, memoryMinutes * 60, true);
  console.log(`\nmemory, ${memoryMinutes} min gated on the moving scene (RSS of the detect-stream process, main + 2 detector workers):`);
  console.log(samples.map((x) => `${x.s} s: ${x.mb} MB`).join(", "));
  console.log(`peak ${summary.peakRssMb} MB; analysed ${summary.stats.analysed}, dropped ${summary.stats.dropped}, events ${summary.events}; load after: ${load()}`);
}
await fsp.rm(tmp, { recursive: true, force: true });
