// npm run bench:storage — one exact frame of a large (and of a long) video stored in S3 (s3rver, bytes counted by a
// proxy in front of it): downloaded whole per request (what every frame cost before), read by HTTP
// byte ranges from a presigned URL (what a frame costs now), and whole-file reads (a timeline) over
// the URL against the on-disk download cache, which is what decided that whole-file jobs keep
// downloading. The test files (~150 MB 720p, 1 h 160x90) are generated once under /tmp/framecart-bench/.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileCache, s3Storage, type Storage } from "@/lib/storage";
import { ffmpegInfo, run } from "@/lib/media/ffmpeg";
import { extractFrame } from "@/lib/media/frames";
import { probeVideo } from "@/lib/media/probe";
import { decodeTimeline, encodeTimeline, ptsMsOf, type Timeline } from "@/lib/media/timeline";
import { readTimeline } from "@/lib/media/timeline-read";
import { startS3, type TestS3 } from "@/tests/helpers/s3";

const DIR = path.join(os.tmpdir(), "framecart-bench");
const KEY = "videos/bench-large.mp4";
const MB = 1024 * 1024;

// Both with B-frames and the index (moov) at the end, as cameras and phones write it, so a ranged
// read must also seek to the end for it.
const LARGE = {
  file: path.join(DIR, "s3-720p-120s-10mbps.mp4"),
  // 720p, 2 min at 10 Mbit/s, a keyframe every 2 s: ~150 MB.
  args: ["-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30,noise=alls=12:allf=t", "-t", "120", "-c:v", "libx264", "-preset", "ultrafast", "-bf", "2", "-g", "60", "-b:v", "10M", "-maxrate", "10M", "-bufsize", "20M"],
};
const LONG = {
  file: path.join(DIR, "s3-1h-60fps-160x90.mp4"),
  // 1 h at 60 fps (216,000 frames): a small picture but a large index.
  args: ["-f", "lavfi", "-i", "testsrc=size=160x90:rate=60", "-t", "3600", "-c:v", "libx264", "-preset", "ultrafast", "-bf", "2", "-g", "120"],
};

async function ensureFile(f: { file: string; args: string[] }): Promise<string> {
  if (fs.existsSync(f.file) && fs.statSync(f.file).size > 0) return f.file;
  fs.mkdirSync(DIR, { recursive: true });
  process.stderr.write(`generating ${f.file} ...`);
  const t0 = performance.now();
  await run("ffmpeg", ["-hide_banner", "-nostdin", "-v", "error", "-y", ...f.args, "-pix_fmt", "yuv420p", `${f.file}.tmp.mp4`]);
  fs.renameSync(`${f.file}.tmp.mp4`, f.file);
  process.stderr.write(` ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  return f.file;
}

/** Seeded random times over the timeline, so runs compare. */
function targets(t: Timeline, n: number): number[] {
  let seed = 2024;
  const lastMs = ptsMsOf(t, t.frameCount - 1);
  return Array.from({ length: n }, () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return (seed / 2 ** 31) * lastMs;
  });
}

/** Frames by ranged reads of a presigned URL, with the stored timeline and a probe made over the URL. */
async function rangedRows(s3: TestS3, store: Storage, key: string, file: string, label: string): Promise<[string, string][]> {
  // What the probe job stores in the database (pts only, no keyframe list).
  const stored = decodeTimeline(encodeTimeline(await readTimeline(file)));
  const src = await store.mediaInput(key);
  if (!src) throw new Error("uploaded object missing");
  const probed = await measure(s3, () => probeVideo(src.input));
  const ranged = [];
  for (const at of targets(stored, 8)) ranged.push(await measure(s3, () => extractFrame(src.input, at, { format: "jpeg", timeline: stored, probe: probed.value })));
  const rb = ranged.map((r) => r.bytes);
  return [
    [`${label}: probe over the URL (once per version)`, `${probed.ms.toFixed(0)} ms, ${mb(probed.bytes)}, ${probed.conns} connection(s)`],
    [
      `${label}: frame via ranged read, ${ranged.length} requests`,
      `median ${median(ranged.map((r) => r.ms)).toFixed(0)} ms, ${mb(median(rb))} per frame (min ${mb(Math.min(...rb))}, max ${mb(Math.max(...rb))}), ${median(ranged.map((r) => r.conns))} connections`,
    ],
  ];
}

const mb = (b: number) => `${(b / MB).toFixed(2)} MB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function measure<T>(s3: TestS3, f: () => Promise<T>): Promise<{ ms: number; bytes: number; conns: number; value: T }> {
  s3.reset();
  const t0 = performance.now();
  const value = await f();
  const ms = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 50)); // late bytes of connections ffmpeg just closed
  return { ms, bytes: s3.bytes(), conns: s3.connections(), value };
}

async function main(): Promise<void> {
  const file = await ensureFile(LARGE);
  const long = await ensureFile(LONG);
  const size = fs.statSync(file).size;
  const info = await ffmpegInfo();
  const s3 = await startS3("bench");
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "fc-bench-cache-"));
  const rows: [string, string][] = [];
  try {
    const plain: Storage = s3Storage(s3.cfg); // no cache: a temp download per read, as before
    const cached: Storage = s3Storage({ ...s3.cfg, cache: fileCache(cacheDir, 4096 * MB) });
    process.stderr.write("uploading to s3rver ...\n");
    await plain.put(KEY, fs.createReadStream(file), { contentType: "video/mp4" });
    await plain.put("videos/bench-long.mp4", fs.createReadStream(long), { contentType: "video/mp4" });

    // Before: every frame request downloaded the object to a temp file and read its timeline there.
    const dl = [];
    for (const at of targets(await readTimeline(file), 3)) {
      dl.push(
        await measure(s3, async () => {
          const local = await plain.localPath(KEY);
          try {
            return await extractFrame(local.path, at, { format: "jpeg" });
          } finally {
            await local.release();
          }
        }),
      );
    }
    rows.push([`large: frame via download, 3 requests`, `median ${median(dl.map((r) => r.ms)).toFixed(0)} ms, ${mb(median(dl.map((r) => r.bytes)))} from S3 per frame`]);
    rows.push(...(await rangedRows(s3, plain, KEY, file, "large")));

    // Whole-file work: the timeline (every packet) over the URL vs the download cache.
    const src = await plain.mediaInput(KEY);
    if (!src) throw new Error("uploaded object missing");
    const overUrl = await measure(s3, () => readTimeline(src.input));
    rows.push([`large: timeline over the URL (whole-file read)`, `${overUrl.ms.toFixed(0)} ms, ${mb(overUrl.bytes)}`]);
    const viaCache = () =>
      measure(s3, async () => {
        const l = await cached.localPath(KEY);
        await readTimeline(l.path);
        await l.release();
      });
    const cold = await viaCache();
    rows.push([`large: timeline via download cache, cold`, `${cold.ms.toFixed(0)} ms, ${mb(cold.bytes)}`]);
    const warm = await viaCache();
    rows.push([`large: timeline via download cache, warm`, `${warm.ms.toFixed(0)} ms, ${mb(warm.bytes)} (one HEAD)`]);

    rows.push(...(await rangedRows(s3, plain, "videos/bench-long.mp4", long, "long")));
  } finally {
    await s3.close();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }

  const width = Math.max(...rows.map(([a]) => a.length));
  console.log(`ffmpeg  ${info.ffmpeg.version} (${info.ffmpeg.source}), ffprobe ${info.ffprobe.version} (${info.ffprobe.source})`);
  console.log(`large   ${mb(size)}: 720p, 120 s, 10 Mbit/s, keyframe every 2 s, index at the end; s3rver on 127.0.0.1`);
  console.log(`long    ${mb(fs.statSync(long).size)}: 160x90, 1 h at 60 fps (216,000 frames), keyframe every 2 s, index at the end\n`);
  console.log(`machine ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}\n`);
  for (const [a, b] of rows) console.log(`${a.padEnd(width)}  ${b}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
