import { expect } from "vitest";
import fsp from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import type { Storage } from "@/lib/storage";
import type { RecordingIndex, SegmentEntry } from "@/lib/streams/recording-index";
import { run } from "@/lib/video/ffmpeg";
import { readBarcode } from "@/tests/fixtures/barcode";

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
