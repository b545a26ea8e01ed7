import { expect } from "vitest";
import fsp from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { getRecording } from "@/db/queries/recordings";
import type { Storage } from "@/lib/storage";
import type { RecordingIndex, SegmentEntry } from "@/lib/recordings/recording-index";
import { run } from "@/lib/media/ffmpeg";
import { readBarcode } from "@/tests/fixtures/barcode";
import { fixture } from "@/tests/fixtures/derived";
import { waitFor } from "@/tests/helpers/cli";

type S3rverInstance = { run(): Promise<{ address: string; port: number }>; close(): Promise<void> };
type S3rverCtor = new (opts: { address: string; port: number; silent: boolean; directory: string; configureBuckets: { name: string }[] }) => S3rverInstance;
const S3rver = createRequire(import.meta.url)("s3rver") as S3rverCtor;

export async function startS3(bucket: string) {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "fc-rec-s3-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: dir, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  return {
    cfg: { endpoint: `http://127.0.0.1:${port}`, accessKeyId: "S3RVER", secretAccessKey: "S3RVER", region: "us-east-1", forcePathStyle: true },
    async close() {
      await server.close();
      await fsp.rm(dir, { recursive: true, force: true });
    },
  };
}

export async function readAll(r: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of r) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

export async function readIndex(store: Storage, id: string): Promise<RecordingIndex> {
  return JSON.parse((await readAll(await store.get(`${id}/index.json`))).toString("utf8")) as RecordingIndex;
}

export interface SeenFrame {
  pts: number;
  content: number;
}

/** Every frame of a file in display order: its pts in stream ticks and the barcode it shows. */
export async function framesOf(file: string): Promise<SeenFrame[]> {
  const probe = await run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "frame=pts:stream=width,height", "-of", "json", file]);
  const j = JSON.parse(probe.stdout.toString("utf8")) as { frames: { pts?: number }[]; streams: { width: number; height: number }[] };
  const { width, height } = j.streams[0] as { width: number; height: number };
  const raw = await run("ffmpeg", ["-v", "error", "-i", file, "-map", "0:v:0", "-vsync", "passthrough", "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1"]);
  const size = width * height;
  const out: SeenFrame[] = [];
  for (let i = 0; i * size < raw.stdout.length; i++) {
    const px = raw.stdout.subarray(i * size, (i + 1) * size);
    out.push({ pts: j.frames[i]?.pts ?? NaN, content: readBarcode(px, width, height, 1) });
  }
  expect(out.length).toBe(j.frames.length);
  return out;
}

/** Writes one segment object to a temp file (ffmpeg wants a path). */
export async function segmentFile(store: Storage, s: SegmentEntry, dir: string): Promise<string> {
  const file = path.join(dir, path.basename(s.key));
  await fsp.writeFile(file, await readAll(await store.get(s.key)));
  return file;
}

/** Every segment is in storage with its indexed size and decodes on its own; their frames, concatenated, in order. */
export async function segmentFramesOf(store: Storage, segments: SegmentEntry[], dir: string) {
  const all: (SeenFrame & { segment: number })[] = [];
  for (const s of segments) {
    const stat = await store.stat(s.key);
    expect(stat?.size, s.key).toBe(s.bytes);
    const frames = await framesOf(await segmentFile(store, s, dir));
    expect(frames.length, s.key).toBe(s.frames);
    expect(Math.min(...frames.map((f) => f.pts)), s.key).toBe(s.startPts);
    for (const f of frames) all.push({ ...f, segment: s.index });
  }
  return all;
}

/**
 * The barcode fixture with sound (a QuickTime file, made here with ffmpeg): an AAC track for the RTSP
 * server to send as it is, and the same sound as PCM for it to encode (Opus, G.711 µ-law) without a
 * decoder's delay. The sound is a 440 Hz tone for the first 100 ms of every second, so A/V sync can be
 * read off a recording: a burst starts at each whole second of the video's time line.
 */
export async function makeAvFixture(dir: string): Promise<string> {
  const out = path.join(dir, "vfr-barcode-av.mov");
  const tone = "aevalsrc=0.5*sin(2*PI*440*t)*lt(mod(t\\,1)\\,0.1):s=48000:d=9.2";
  await run("ffmpeg", ["-v", "error", "-y", "-i", fixture("vfr-barcode.mp4"), "-f", "lavfi", "-i", tone, "-map", "0:v", "-map", "1:a", "-map", "1:a", "-c:v", "copy", "-c:a:0", "aac", "-b:a:0", "96k", "-c:a:1", "pcm_s16le", "-f", "mov", out]);
  return out;
}

/**
 * Where the tone bursts start in a file's first audio track, in ms of the file's own time line:
 * decoded with ffmpeg keeping the timestamps (gaps filled with silence, so a sample's index is its
 * time), each burst = the first sample above 0.2 after ≥ 200 ms of quiet.
 */
export async function burstOnsetsMs(file: string): Promise<number[]> {
  const args = ["-v", "error", "-copyts", "-i", file, "-map", "0:a:0", "-af", "aresample=async=1:first_pts=0", "-f", "f32le", "-ac", "1", "-ar", "48000", "pipe:1"];
  const raw = (await run("ffmpeg", args)).stdout;
  const x = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length));
  const out: number[] = [];
  let quiet = 200;
  for (let i = 0; i + 48 <= x.length; i += 48) {
    let e = 0;
    for (let j = i; j < i + 48; j++) e += (x[j] as number) ** 2;
    const rms = Math.sqrt(e / 48);
    if (rms > 0.15 && quiet >= 200) {
      let k = i;
      while (k < i + 48 && Math.abs(x[k] as number) < 0.2) k++;
      out.push(k / 48);
    }
    quiet = rms < 0.02 ? quiet + 1 : rms > 0.15 ? 0 : quiet;
  }
  return out;
}

/** The codec of each stream of a file, by type (ffprobe). */
export async function streamCodecs(file: string): Promise<{ video: string[]; audio: string[] }> {
  const { stdout } = await run("ffprobe", ["-v", "error", "-show_entries", "stream=codec_type,codec_name", "-of", "json", file]);
  const streams = (JSON.parse(stdout.toString("utf8")) as { streams: { codec_type: string; codec_name: string }[] }).streams;
  return { video: streams.filter((s) => s.codec_type === "video").map((s) => s.codec_name), audio: streams.filter((s) => s.codec_type === "audio").map((s) => s.codec_name) };
}

/** One run's segments as one file (the first one's init, then every segment's fragments), as a player would chain them. */
export async function runFile(store: Storage, segments: SegmentEntry[], file: string): Promise<string> {
  const parts: Buffer[] = [];
  for (const [i, s] of segments.entries()) parts.push(await readAll(await store.get(s.key, i === 0 ? undefined : { start: s.initBytes })));
  await fsp.writeFile(file, Buffer.concat(parts));
  return file;
}

/** Waits until the recording's row satisfies `ok` (40 s by default), and returns it. */
export const rowWhere = (id: number, ok: (r: NonNullable<Awaited<ReturnType<typeof getRecording>>>) => boolean, ms = 40_000) =>
  waitFor(async () => {
    const r = await getRecording(id);
    return r && ok(r) ? r : undefined;
  }, ms);
