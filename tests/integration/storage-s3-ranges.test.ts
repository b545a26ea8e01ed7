import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as frameRoute from "@/app/api/videos/[id]/frame/route";
import { getVideo, insertVideo, saveTimeline } from "@/db/queries/videos";
import { fileCache, MissingObjectError, s3Storage, setStorage, type Storage } from "@/lib/storage";
import { FfmpegError, NotAVideoError } from "@/lib/media/errors";
import { decodeFrames, extractFrame } from "@/lib/media/frames";
import { redactUrls } from "@/lib/media/input";
import { probeVideo } from "@/lib/media/probe";
import { encodeTimeline } from "@/lib/media/timeline";
import { readTimeline } from "@/lib/media/timeline-read";
import { withFrameSource } from "@/lib/videos/frame-source";
import { readBarcode } from "@/tests/fixtures/barcode";
import { fixture, readTruth } from "@/tests/fixtures/derived";
import { createTestDb, TEST_DB } from "@/tests/helpers/db";
import { call } from "@/tests/helpers/http";
import { startS3, type TestS3 } from "@/tests/helpers/s3";

// Short reads from S3 (a frame) go to ffmpeg as a presigned URL and travel as HTTP byte ranges;
// whole-file reads go through the on-disk cache. Bytes are counted by a proxy in front of s3rver.
//
// vfr-barcode.mp4 is 170 KB, less than loopback socket buffers take in at once, so any read of it moves
// all of it. The object here is that file with its mdat box grown by 48 MiB of zeros after the last
// sample: sample offsets and every frame are unchanged (checked against the truth below) and nothing
// reads the padding, so the object is large enough for "bytes moved" to tell a range from a download.

const BUCKET = "framecart-ranges";
const KEY = "videos/padded.mp4";
const PAD = 48 * 1024 * 1024;
const truth = readTruth("vfr-barcode.mp4");
const rel = (i: number) => truth.frames[i]!.ptsMs - truth.frames[0]!.ptsMs;

function padded(): Buffer {
  const src = fs.readFileSync(fixture("vfr-barcode.mp4"));
  let at = 0;
  while (src.toString("latin1", at + 4, at + 8) !== "mdat") at += src.readUInt32BE(at);
  if (at + src.readUInt32BE(at) !== src.length) throw new Error("mdat is not the last box");
  const out = Buffer.concat([src, Buffer.alloc(PAD)]);
  out.writeUInt32BE(src.readUInt32BE(at) + PAD, at);
  return out;
}

let s3: TestS3;
let store: Storage;
let drop: () => Promise<void>;
let tmp: string;
let object: Buffer;
let videoId = 0;
let missingId = 0;

beforeAll(async () => {
  s3 = await startS3(BUCKET);
  tmp = await fsp.mkdtemp(path.join(os.tmpdir(), "fc-ranges-"));
  store = s3Storage({ ...s3.cfg, cache: fileCache(path.join(tmp, "cache"), 80 * 1024 * 1024) });
  setStorage(store);
  ({ drop } = await createTestDb());
  object = padded();
  await store.put(KEY, object, { contentType: "video/mp4" });
  // The timeline the probe job would store, read from a local copy: it must be the truth's.
  const local = path.join(tmp, "padded.mp4");
  await fsp.writeFile(local, object);
  const t = await readTimeline(local);
  expect(Array.from(t.pts)).toEqual(truth.frames.map((f) => f.pts));
  const add = async (youtubeId: string, storageKey: string) => {
    const v = await insertVideo({ youtubeId, title: youtubeId, storageKey, sizeBytes: object.length, width: 640, height: 360, frameCount: t.frameCount, status: "ready", publishedAt: new Date() });
    await saveTimeline({ videoId: v!.id, ...encodeTimeline(t) });
    return v!.id;
  };
  videoId = await add("s3-ranges-01", KEY);
  missingId = await add("s3-ranges-02", "videos/never-uploaded.mp4");
});

afterAll(async () => {
  setStorage(undefined);
  await drop();
  await s3.close();
  await fsp.rm(tmp, { recursive: true, force: true });
});

/** The truth's frame on screen at t: the last frame with ptsMs ≤ t. */
function truthAt(t: number): number {
  let idx = 0;
  truth.frames.forEach((_, i) => {
    if (rel(i) <= t) idx = i;
  });
  return idx;
}

describe(`exact frames from S3 by byte ranges on ${TEST_DB}`, () => {
  it("a frame request reads only ranges of the object and returns the exact truth frame, on both sides of boundaries", async () => {
    // Each side of several frame boundaries: the first frames, the 29.97 → 14.985 fps change, the
    // 1.5 s stall, the 59.94 fps run with 1501/1502-tick frames, the 25 fps tail, past the end.
    const d = (i: number) => rel(i + 1) - rel(i);
    const change = truth.frames.findIndex((_, i) => i > 0 && Math.abs(d(i) - d(i - 1)) > 5);
    const stall = truth.frames.findIndex((_, i) => d(i) > 1000);
    const fast = truth.frames.findIndex((_, i) => i > stall && d(i) < 17);
    const at: number[] = [0, 60_000];
    for (const i of [1, change + 1, stall, stall + 1, fast + 3, fast + 4, truth.frames.length - 1]) {
      at.push(Math.floor((rel(i) - 0.0002) * 1000) / 1000, Math.ceil((rel(i) + 0.0002) * 1000) / 1000);
    }
    const seen = new Set<number>();
    for (const t of at) {
      s3.reset();
      const r = await call(frameRoute.GET, `/x?t=${t.toFixed(3)}&format=png`, { params: { id: String(videoId) } });
      const moved = s3.bytes();
      expect(r.status, `t=${t}`).toBe(200);
      const index = Number(r.res.headers.get("x-frame-index"));
      expect(index, `t=${t}`).toBe(truthAt(t));
      seen.add(index);
      const { data, info } = await sharp(Buffer.from(await r.res.arrayBuffer())).greyscale().raw().toBuffer({ resolveWithObject: true });
      expect(readBarcode(data, info.width, info.height, info.channels), `barcode at t=${t}`).toBe(truth.frames[index]!.content);
      // A download would move the whole object (50 MB); ranges move the index and one GOP, plus what
      // the socket buffers took in before ffmpeg hung up (measured here: 1.8–4.5 MB a request).
      expect(moved, `bytes from S3 for t=${t}`).toBeGreaterThan(0);
      expect(moved, `bytes from S3 for t=${t}`).toBeLessThan(object.length / 5);
    }
    expect(seen.size).toBeGreaterThanOrEqual(10);
    // The proxy counts what a whole read moves: all of it.
    s3.reset();
    for await (const chunk of await store.get(KEY)) void chunk;
    expect(s3.bytes()).toBeGreaterThanOrEqual(object.length);
  });

  it("a run of frames (the studio's follower) decodes over the URL with exact labels", async () => {
    const video = await getVideo(videoId);
    const stall = truth.frames.findIndex((_, i) => rel(i + 1) - rel(i) > 1000);
    s3.reset();
    const got = await withFrameSource(video!, async (src) => {
      expect(src.file).toMatch(/^http:/);
      const out: [number, number][] = [];
      for await (const f of decodeFrames(src.file, { timeline: src.timeline, probe: src.probe, width: 320, height: 180, startMs: rel(stall - 4), endMs: rel(stall + 6) })) {
        out.push([f.index, readBarcode(f.data, f.width, f.height, 3)]);
      }
      return out;
    });
    expect(got.map(([i]) => i)).toEqual(Array.from({ length: 10 }, (_, k) => stall - 4 + k));
    for (const [i, code] of got) expect(code, `frame ${i}`).toBe(truth.frames[i]!.content);
    expect(s3.bytes()).toBeLessThan(object.length / 5);
  });

  it("a video whose object is missing is a 404 with the one error shape, not a crash", async () => {
    const r = await call(frameRoute.GET, "/x?t=1000", { params: { id: String(missingId) } });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: { code: "not_found", message: "Video file not found" } });
    await expect(store.localPath("videos/never-uploaded.mp4")).rejects.toBeInstanceOf(MissingObjectError);
    expect(await store.mediaInput("videos/never-uploaded.mp4")).toBeNull();
  });

  it("ffmpeg and ffprobe errors on a presigned URL carry no signature or credential", async () => {
    const client = new S3Client({ endpoint: s3.cfg.endpoint, region: s3.cfg.region, forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
    const url = await getSignedUrl(client, new GetObjectCommand({ Bucket: BUCKET, Key: "videos/gone.mp4" }), { expiresIn: 60 });
    expect(url).toMatch(/X-Amz-Signature=[0-9a-f]{64}/);
    const secret = /X-Amz-(Signature|Credential)=[^…]|S3RVER/;
    const probeErr = await probeVideo(url).catch((e: unknown) => e);
    expect(probeErr).toBeInstanceOf(NotAVideoError);
    expect(String((probeErr as Error).message)).toMatch(/404/);
    expect(String((probeErr as Error).message)).not.toMatch(secret);
    expect((probeErr as NotAVideoError).file).not.toMatch(secret);
    const src = await store.mediaInput(KEY);
    const probe = await probeVideo(src!.input);
    const t = await readTimeline(path.join(tmp, "padded.mp4"));
    const frameErr = await extractFrame(url, 1000, { probe, timeline: t }).catch((e: unknown) => e);
    expect(frameErr).toBeInstanceOf(FfmpegError);
    expect((frameErr as FfmpegError).message).toContain("videos/gone.mp4");
    for (const text of [(frameErr as FfmpegError).message, (frameErr as FfmpegError).stderrTail]) expect(text).not.toMatch(secret);
    // A stderr tail cut in the middle of a URL still loses the signing parameters.
    expect(redactUrls("d=20260101&X-Amz-Signature=abc123&x-id=GetObject: Server returned 404")).toBe("d=20260101&X-Amz-Signature=…&x-id=…: Server returned 404");
  });

  it("the object gone after a frame was read: the next request is a 404", async () => {
    const key = "videos/short-lived.mp4";
    await store.put(key, fs.readFileSync(fixture("vfr-barcode.mp4")));
    const t = await readTimeline(fixture("vfr-barcode.mp4"));
    const v = await insertVideo({ youtubeId: "s3-ranges-03", title: "x", storageKey: key, sizeBytes: 1, status: "ready", publishedAt: new Date() });
    await saveTimeline({ videoId: v!.id, ...encodeTimeline(t) });
    expect((await call(frameRoute.GET, "/x?t=500", { params: { id: String(v!.id) } })).status).toBe(200);
    await store.delete(key);
    const r = await call(frameRoute.GET, "/x?t=500", { params: { id: String(v!.id) } });
    expect(r.status).toBe(404);
    expect((r.body as { error: { code: string } }).error.code).toBe("not_found");
  });
});

describe("whole-file reads from S3 through the download cache", () => {
  it("downloads an object version once; later and concurrent reads move only a HEAD", async () => {
    s3.reset();
    const first = await store.localPath(KEY);
    expect(s3.bytes()).toBeGreaterThanOrEqual(object.length);
    expect((await fsp.readFile(first.path)).equals(object)).toBe(true);
    s3.reset();
    const more = await Promise.all([store.localPath(KEY), store.localPath(KEY), store.localPath(KEY)]);
    expect(s3.bytes()).toBeLessThan(16 * 1024); // three HEADs
    expect(new Set([first.path, ...more.map((m) => m.path)]).size).toBe(4); // private links
    for (const m of [first, ...more]) await m.release();
    expect(fs.existsSync(first.path)).toBe(false);

    // Concurrent first reads of a new object share one download.
    const small = fs.readFileSync(fixture("vfr-barcode.mp4"));
    await store.put("videos/small.mp4", small);
    s3.reset();
    const three = await Promise.all([1, 2, 3].map(() => store.localPath("videos/small.mp4")));
    expect(s3.bytes()).toBeGreaterThanOrEqual(small.length);
    expect(s3.bytes()).toBeLessThan(2 * small.length);
    for (const m of three) await m.release();

    // A new version (same key, new ETag) is downloaded again.
    const changed = Buffer.concat([small, Buffer.from("x")]);
    await store.put("videos/small.mp4", changed);
    const fresh = await store.localPath("videos/small.mp4");
    expect((await fsp.readFile(fresh.path)).equals(changed)).toBe(true);
    await fresh.release();
  });
});
