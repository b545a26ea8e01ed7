// npm run bench:video — timeline read, exact-frame extraction latency and raw decode speed.
// Test media is generated once with the resolved ffmpeg and cached under DATA_DIR/bench/.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { env } from "@/lib/env";
import { ffmpegInfo, run } from "@/lib/media/ffmpeg";
import { decodeFrames, extractFrame } from "@/lib/media/frames";
import { probeVideo } from "@/lib/media/probe";
import { ptsMsOf } from "@/lib/media/timeline";
import { readTimeline } from "@/lib/media/timeline-read";

const dir = path.join(env().dataDir, "bench");

async function ensure(name: string, args: string[]): Promise<string> {
  const file = path.join(dir, name);
  if (fs.existsSync(file) && fs.statSync(file).size > 0) return file;
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${file}.tmp.mp4`;
  const t0 = performance.now();
  process.stderr.write(`generating ${file} ...`);
  await run("ffmpeg", ["-hide_banner", "-nostdin", "-v", "error", "-y", ...args, "-pix_fmt", "yuv420p", "-movflags", "+faststart", tmp]);
  fs.renameSync(tmp, file);
  process.stderr.write(` ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  return file;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function main(): Promise<void> {
  const info = await ffmpegInfo();
  const hour = await ensure("hour-60fps-160x90.mp4", [
    "-f", "lavfi", "-i", "testsrc=size=160x90:rate=60", "-t", "3600",
    "-c:v", "libx264", "-preset", "ultrafast", "-bf", "2", "-g", "120",
  ]);
  const hd = await ensure("hd-720p-20s.mp4", [
    "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-t", "20",
    "-c:v", "libx264", "-preset", "veryfast", "-g", "60", "-bf", "3",
  ]);
  const rows: [string, string][] = [];

  const hourProbe = await probeVideo(hour);
  const tlTimes: number[] = [];
  let frames = 0;
  for (let i = 0; i < 2; i++) {
    const t0 = performance.now();
    frames = (await readTimeline(hour, { probe: hourProbe })).frameCount;
    tlTimes.push(performance.now() - t0);
  }
  rows.push([`timeline read, 1 h 60 fps (${frames} frames)`, `${(Math.min(...tlTimes) / 1000).toFixed(2)} s (runs: ${tlTimes.map((t) => (t / 1000).toFixed(2)).join(", ")} s)`]);

  const hdProbe = await probeVideo(hd);
  let t0 = performance.now();
  const t = await readTimeline(hd, { probe: hdProbe });
  rows.push([`timeline read, 720p 20 s (${t.frameCount} frames)`, ms(performance.now() - t0)]);
  // Seeded so runs compare: 30 random times over the file.
  let seed = 12345;
  const lastMs = ptsMsOf(t, t.frameCount - 1);
  const targets = Array.from({ length: 30 }, () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return (seed / 2 ** 31) * lastMs;
  });
  for (const format of ["png", "jpeg"] as const) {
    const lat: number[] = [];
    for (const at of targets) {
      const s = performance.now();
      await extractFrame(hd, at, { timeline: t, probe: hdProbe, format });
      lat.push(performance.now() - s);
    }
    lat.sort((a, b) => a - b);
    rows.push([`exact frame, 720p ${format} (30 random ms, GOP 2 s)`, `p50 ${ms(pct(lat, 0.5))}, p95 ${ms(pct(lat, 0.95))}, max ${ms(lat[lat.length - 1] ?? NaN)}`]);
  }

  for (const opts of [{}, { width: 640 }, { fps: 5 }]) {
    t0 = performance.now();
    let n = 0;
    let w = 0;
    let h = 0;
    for await (const f of decodeFrames(hd, { ...opts, timeline: t, probe: hdProbe })) {
      n++;
      w = f.width;
      h = f.height;
    }
    const s = (performance.now() - t0) / 1000;
    if ("fps" in opts) {
      // Every frame is decoded, only the sampled ones are converted and piped: report both rates.
      rows.push([`decode 720p, sampled at ${opts.fps} fps`, `${n} of ${t.frameCount} frames in ${s.toFixed(2)} s = ${(t.frameCount / s).toFixed(0)} source frames/s`]);
    } else rows.push([`decode to Node, rgb24 ${w}x${h}`, `${n} frames in ${s.toFixed(2)} s = ${(n / s).toFixed(0)} frames/s`]);
  }

  const width = Math.max(...rows.map(([a]) => a.length));
  console.log(`ffmpeg  ${info.ffmpeg.version} (${info.ffmpeg.source}: ${info.ffmpeg.path})`);
  console.log(`ffprobe ${info.ffprobe.version} (${info.ffprobe.source}: ${info.ffprobe.path})`);
  console.log(`machine ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}\n`);
  for (const [a, b] of rows) console.log(`${a.padEnd(width)}  ${b}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
