// npm run bench:memory — memory over a long video: makes a 10-minute clip with ffmpeg (product_demo.mp4
// looped, 640×360, 10 fps; cached in the OS temp folder) and runs the real analysis pipeline over it
// (analyzeToDir: decode → worker pool → tracker → detections JSON [→ annotated.mp4]), sampling RSS and
// heap every few seconds. Prints the samples' start / p50 / max / end and the slope (MB per minute).
// usage: npm run bench:memory -- [--minutes 10] [--fps 1] [--workers 2] [--every 5] [--annotated] [--video FILE]
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { analyzeToDir } from "@/lib/analysis/local";
import { ffmpegPath } from "@/lib/media";

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "10" },
    fps: { type: "string", default: "1" },
    workers: { type: "string", default: "2" },
    every: { type: "string", default: "5" },
    annotated: { type: "boolean", default: false },
    video: { type: "string" },
  },
});
const minutes = Number(values.minutes);
const everyS = Number(values.every);
const SOURCE = "../shared/fixtures/media/product_demo.mp4";
const MB = 1024 * 1024;

/** A long clip from the fixture (looped), made once and kept between runs. */
function longVideo(): string {
  if (values.video) return values.video;
  const out = path.join(os.tmpdir(), `framecart-bench-memory-${minutes}min.mp4`);
  if (fs.existsSync(out)) return out;
  const ffmpeg = ffmpegPath();
  const t0 = performance.now();
  const tmp = `${out}.${process.pid}.tmp.mp4`;
  execFileSync(ffmpeg, ["-v", "error", "-y", "-stream_loop", "-1", "-i", SOURCE, "-t", String(minutes * 60), "-vf", "fps=10,scale=640:360", "-an", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "28", tmp]);
  fs.renameSync(tmp, out);
  console.log(`made ${out} (${minutes} min, 640×360, 10 fps) in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  return out;
}

type Sample = { s: number; rss: number; heap: number; external: number; videoMin: number };

function stats(xs: number[]) {
  const sorted = [...xs].sort((a, b) => a - b);
  return { start: xs[0] ?? 0, p50: sorted[Math.floor(sorted.length / 2)] ?? 0, max: sorted.at(-1) ?? 0, end: xs.at(-1) ?? 0 };
}

/** Least-squares slope of y over x. */
function slope(x: number[], y: number[]): number {
  const n = x.length;
  if (n < 2) return 0;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += ((x[i] ?? 0) - mx) * ((y[i] ?? 0) - my);
    den += ((x[i] ?? 0) - mx) ** 2;
  }
  return den ? num / den : 0;
}

async function main(): Promise<void> {
  const video = longVideo();
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "framecart-bench-memory-out-"));
  const load = () => os.loadavg().map((v) => v.toFixed(2)).join(" ");
  console.log(`bench-memory: ${video}, analysis ${values.fps} fps, ${values.workers} workers, annotated ${values.annotated ? "yes" : "no"}; load average at start ${load()}`);
  const samples: Sample[] = [];
  let videoMs = 0;
  let framesDone = 0;
  let framesTotal = 0;
  const t0 = performance.now();
  const sample = () => {
    if (framesTotal > 0 && framesDone >= framesTotal) return; // only while analysing
    const m = process.memoryUsage();
    samples.push({ s: (performance.now() - t0) / 1000, rss: m.rss / MB, heap: m.heapUsed / MB, external: (m.external + m.arrayBuffers) / MB, videoMin: videoMs / 60_000 });
    process.stderr.write(`\r${framesDone}/${framesTotal} frames, rss ${(m.rss / MB).toFixed(0)} MB, heap ${(m.heapUsed / MB).toFixed(0)} MB   `);
  };
  const timer = setInterval(sample, everyS * 1000);
  let backend = "?";
  try {
    const r = await analyzeToDir(video, {
      outDir,
      videoId: "BeNcHmEmOrY",
      fps: Number(values.fps),
      workers: Number(values.workers),
      annotated: values.annotated,
      onStart: (s) => (backend = `${s.backend} ${s.backendVersion} × ${s.workers} worker(s)`),
      onProgress: (phase, done, total) => {
        if (phase !== "analyse") return;
        framesDone = done;
        framesTotal = total;
        videoMs = (done / Math.max(1, total)) * minutes * 60_000;
      },
    });
    // Workers are gone now; this RSS is what stays after the analysis.
    const after = process.memoryUsage().rss / MB;
    const wallS = (performance.now() - t0) / 1000;
    console.log(`\n\nbackend ${backend}; ${r.document.frames.length} frames analysed (${r.document.tracks.length} tracks) in ${wallS.toFixed(0)} s; ${samples.length} samples every ${everyS} s; load average at end ${load()}\n`);
    // The first minute holds model loading and worker start-up: the slope is taken after it.
    const steady = samples.filter((s) => s.s >= Math.min(60, wallS / 4));
    console.log("| memory (MB) | start | p50 | max | end | slope MB/min (wall) | slope MB per video-minute |");
    console.log("|---|---:|---:|---:|---:|---:|---:|");
    for (const [name, key] of [["RSS (process, incl. workers)", "rss"], ["JS heap used (main thread)", "heap"], ["external + array buffers", "external"]] as const) {
      const st = stats(samples.map((s) => s[key]));
      const wall = slope(steady.map((s) => s.s / 60), steady.map((s) => s[key]));
      const perVideo = slope(steady.map((s) => s.videoMin), steady.map((s) => s[key]));
      console.log(`| ${name} | ${st.start.toFixed(0)} | ${st.p50.toFixed(0)} | ${st.max.toFixed(0)} | ${st.end.toFixed(0)} | ${wall.toFixed(2)} | ${perVideo.toFixed(2)} |`);
    }
    console.log(`\nRSS after the pool closed: ${after.toFixed(0)} MB`);
    console.log(`detections JSON ${(fs.statSync(r.detectionsPath).size / MB).toFixed(1)} MB (held in memory by design until written)`);
  } finally {
    clearInterval(timer);
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
