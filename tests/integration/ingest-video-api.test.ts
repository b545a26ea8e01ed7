import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as cancelRoute from "@/app/api/admin/runs/[id]/cancel/route";
import * as adminVideoRoute from "@/app/api/admin/videos/[id]/route";
import * as shopRoute from "@/app/api/admin/videos/[id]/shop/route";
import * as fileRoute from "@/app/api/videos/[id]/file/route";
import * as frameRoute from "@/app/api/videos/[id]/frame/route";
import * as videoRoute from "@/app/api/videos/[id]/route";
import * as runsRoute from "@/app/api/videos/[id]/runs/route";
import * as thumbRoute from "@/app/api/videos/[id]/thumbnail/route";
import * as timelineRoute from "@/app/api/videos/[id]/timeline/route";
import * as videosRoute from "@/app/api/videos/route";
import { getRun } from "@/db/queries/runs";
import { getTimeline, getVideo } from "@/db/queries/videos";
import { startWorkers, workerStatus } from "@/lib/jobs";
import { localStorage, setStorage } from "@/lib/storage";
import { readBarcode } from "@/tests/fixtures/barcode";
import { fixture, readTruth } from "@/tests/fixtures/derived";
import { createTestDb, TEST_DB } from "@/tests/helpers/db";
import { call, userWithToken } from "@/tests/helpers/http";
import { listFiles, multipart } from "./ingest-helpers";

// From upload to a ready video: the probe job stores the exact timeline, metadata and a thumbnail; then
// the frame, file (Range), timeline, runs, cancel and delete routes.

const truth = readTruth("vfr-barcode.mp4");
const good = fs.readFileSync(fixture("vfr-barcode.mp4"));
let drop: () => Promise<void>;
let dir: string;
let admin = "";
let workers: { stop(): Promise<void> } | undefined;
let videoId = 0;

type Json = Record<string, unknown>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const p = (id: number | string) => ({ params: { id: String(id) } });

async function upload(youtube: string) {
  const { body, contentType } = multipart([
    { name: "youtube", value: youtube },
    { name: "file", filename: "vfr-barcode.mp4", data: good },
  ]);
  const r = await call(videosRoute.POST, "/api/videos", { method: "POST", token: admin, body, headers: { "content-type": contentType } });
  expect(r.status).toBe(201);
  return r.body as { video: Json & { id: number }; run: Json & { id: number } };
}

async function waitFor<T>(fn: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error("timed out");
    await sleep(100);
  }
}

/** The truth's "frame on screen at t": last frame with ptsMs ≤ t. */
function truthAt(t: number): number {
  let idx = -1;
  for (const f of truth.frames) if (f.ptsMs <= t + 1e-9) idx = f.index;
  return idx;
}

beforeAll(async () => {
  ({ drop } = await createTestDb());
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), "fc-ingest-api-"));
  setStorage(localStorage(dir));
  admin = (await userWithToken("admin")).token;
  workers = await startWorkers({ concurrency: 1, pollingIntervalSeconds: 0.5 });
});

afterAll(async () => {
  await workers?.stop();
  setStorage(undefined);
  await drop();
  await fsp.rm(dir, { recursive: true, force: true });
});

describe(`video API on ${TEST_DB}`, () => {
  it("the probe job makes the video ready with its exact timeline, metadata and thumbnail", async () => {
    const { video, run } = await upload("barcode-vfr");
    videoId = video.id;
    const done = await waitFor(async () => {
      const r = await getRun(run.id);
      return r && ["succeeded", "failed"].includes(r.status) ? r : undefined;
    });
    expect(done).toMatchObject({ status: "succeeded", framesDone: 226, framesTotal: 226 });
    expect(done.timings.totalMs).toBeGreaterThan(0);
    const v = await getVideo(videoId);
    expect(v).toMatchObject({ status: "ready", frameCount: 226, isVfr: true, width: 320, height: 240, codec: "h264", error: null });
    expect(v!.durationMs).toBeGreaterThan(9150);
    expect(v!.durationMs).toBeLessThan(9250);
    expect(v!.thumbnailKey).toBe(`thumbnails/video-${videoId}.jpg`);
    const stored = await getTimeline(videoId);
    expect(stored).toMatchObject({ timescale: truth.timescale, frameCount: 226 });
    expect(stored!.deltas.byteLength).toBe(225 * 4);
    expect(await listFiles(dir)).toEqual([`thumbnails/video-${videoId}.jpg`, expect.stringMatching(/^videos\/.+\.mp4$/)]);
  });

  it("a processed video is a draft until an admin publishes it: 404 to shoppers, listed for admins", async () => {
    expect((await call(videoRoute.GET, "/x", p(videoId))).status).toBe(404);
    expect((await call(timelineRoute.GET, "/x", p(videoId))).status).toBe(404);
    const shopperList = (await call(videosRoute.GET, "/api/videos")).body as { videos: { id: number }[] };
    expect(shopperList.videos.map((v) => v.id)).not.toContain(videoId);
    expect((await call(videoRoute.GET, "/x", { ...p(videoId), token: admin })).status).toBe(200);
    const shopper = (await userWithToken("shopper")).token;
    expect((await call(shopRoute.PATCH, "/x", { ...p(videoId), method: "PATCH", json: { published: true }, token: shopper })).status).toBe(403);
    const pub = await call(shopRoute.PATCH, "/x", { ...p(videoId), method: "PATCH", json: { published: true }, token: admin });
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({ video: { id: videoId, publishedAt: expect.any(String), classSuggestions: true } });
    expect((await call(videoRoute.GET, "/x", p(videoId))).status).toBe(200);
    const listed = (await call(videosRoute.GET, "/api/videos")).body as { videos: { id: number }[] };
    expect(listed.videos.map((v) => v.id)).toContain(videoId);
  });

  it("GET /api/videos/:id/timeline gives every frame's exact pts", async () => {
    const r = await call(timelineRoute.GET, "/x", p(videoId));
    expect(r.status).toBe(200);
    const t = r.body as { pts: number[]; ptsMs: number[]; frameCount: number; isVfr: boolean; timescale: number; minFps: number; maxFps: number };
    expect(t.timescale).toBe(truth.timescale);
    expect(t.pts).toEqual(truth.frames.map((f) => f.pts));
    t.ptsMs.forEach((ms, i) => expect(ms).toBeCloseTo(truth.frames[i]!.ptsMs - truth.frames[0]!.ptsMs, 6));
    expect(t).toMatchObject({ frameCount: 226, isVfr: true });
    expect(t.minFps).toBeLessThan(1); // the 1.5 s stall
    expect(t.maxFps).toBeGreaterThan(59);
  });

  it("GET /api/videos/:id/frame returns the exact frame on screen at t", async () => {
    const stall = truth.frames.find((f, i) => (truth.frames[i + 1]?.ptsMs ?? 0) - f.ptsMs > 1000)!;
    const times = [0, 33.3, 33.366, 33.367, 1000, stall.ptsMs + 700, 5123.4, 9100, 60_000];
    for (const t of times) {
      const r = await call(frameRoute.GET, `/x?t=${t}&format=png`, p(videoId));
      expect(r.status).toBe(200);
      expect(r.res.headers.get("content-type")).toBe("image/png");
      const index = Number(r.res.headers.get("x-frame-index"));
      expect(index, `t=${t}`).toBe(truthAt(t));
      expect(Number(r.res.headers.get("x-frame-pts-ms"))).toBeCloseTo(truth.frames[index]!.ptsMs, 6);
      const img = sharp(Buffer.from(await r.res.arrayBuffer()));
      const { data, info } = await img.greyscale().raw().toBuffer({ resolveWithObject: true });
      expect(readBarcode(data, info.width, info.height, info.channels), `barcode at t=${t}`).toBe(index);
    }
    const jpeg = await call(frameRoute.GET, "/x?t=1000", p(videoId));
    expect(jpeg.res.headers.get("content-type")).toBe("image/jpeg");
    expect(Buffer.from(await jpeg.res.arrayBuffer()).subarray(0, 2).toString("hex")).toBe("ffd8");
  });

  it("frame: 422 for a bad t, 404 for an unknown video", async () => {
    for (const q of ["", "?t=-1", "?t=abc", "?t=1e400", "?t=Infinity", "?t=5&format=gif", "?t=5&w=3"]) {
      expect((await call(frameRoute.GET, `/x${q}`, p(videoId))).status, q).toBe(422);
    }
    for (const id of ["999999", "abc", "-1", "0", "1.5", "../1"]) {
      expect((await call(frameRoute.GET, "/x?t=0", p(id))).status, id).toBe(404);
      expect((await call(videoRoute.GET, "/x", { ...p(id), token: admin })).status, id).toBe(404);
      expect((await call(fileRoute.GET, "/x", p(id))).status, id).toBe(404);
      expect((await call(timelineRoute.GET, "/x", p(id))).status, id).toBe(404);
    }
  });

  it("GET /api/videos/:id/file streams the file with Range support", async () => {
    const full = await call(fileRoute.GET, "/x", p(videoId));
    expect(full.status).toBe(200);
    expect(full.res.headers.get("accept-ranges")).toBe("bytes");
    expect(full.res.headers.get("content-type")).toBe("video/mp4");
    expect(Buffer.from(await full.res.arrayBuffer()).equals(good)).toBe(true);
    const ranged = async (range: string) => call(fileRoute.GET, "/x", { ...p(videoId), headers: { range } });
    const a = await ranged("bytes=100-199");
    expect(a.status).toBe(206);
    expect(a.res.headers.get("content-range")).toBe(`bytes 100-199/${good.length}`);
    expect(Buffer.from(await a.res.arrayBuffer()).equals(good.subarray(100, 200))).toBe(true);
    const tail = await ranged("bytes=-10");
    expect(Buffer.from(await tail.res.arrayBuffer()).equals(good.subarray(good.length - 10))).toBe(true);
    const open = await ranged(`bytes=${good.length - 5}-`);
    expect(open.res.headers.get("content-length")).toBe("5");
    const past = await ranged(`bytes=${good.length}-`);
    expect(past.status).toBe(416);
    expect(past.res.headers.get("content-range")).toBe(`bytes */${good.length}`);
  });

  it("GET /api/videos/:id and the thumbnail", async () => {
    const pub = await call(videoRoute.GET, "/x", p(videoId));
    expect(pub.status).toBe(200);
    expect((pub.body as { video: Json }).video).not.toHaveProperty("sizeBytes");
    const adm = await call(videoRoute.GET, "/x", { ...p(videoId), token: admin });
    expect((adm.body as { runs: Json[] }).runs).toHaveLength(1);
    const th = await call(thumbRoute.GET, "/x", p(videoId));
    expect(th.status).toBe(200);
    const meta = await sharp(Buffer.from(await th.res.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: "jpeg", width: 320, height: 240 });
  });

  it("runs can be started again, listed, and canceled while queued (409 once finished)", async () => {
    await workers!.stop();
    workers = undefined;
    expect(workerStatus().running).toBe(false);
    const started = await call(runsRoute.POST, "/x", { ...p(videoId), method: "POST", token: admin, json: { task: "probe-video" } });
    expect(started.status).toBe(202);
    const runId = (started.body as { run: { id: number; status: string } }).run.id;
    expect((await call(runsRoute.POST, "/x", { ...p(videoId), method: "POST", token: admin, json: { task: "nope" } })).status).toBe(422);
    const list = await call(runsRoute.GET, "/x", { ...p(videoId), token: admin });
    expect((list.body as { runs: { id: number; status: string }[] }).runs[0]).toMatchObject({ id: runId, status: "queued" });
    const c = await call(cancelRoute.POST, "/x", { ...p(runId), method: "POST", token: admin });
    expect(c.status).toBe(200);
    expect((c.body as { run: { status: string } }).run.status).toBe("canceled");
    expect((await call(cancelRoute.POST, "/x", { ...p(runId), method: "POST", token: admin })).status).toBe(409);
    expect((await call(cancelRoute.POST, "/x", { ...p(999999), method: "POST", token: admin })).status).toBe(404);
    // A worker started now does not run the canceled job; the video stays ready.
    workers = await startWorkers({ concurrency: 1, pollingIntervalSeconds: 0.5 });
    await sleep(1500);
    expect((await getRun(runId))?.status).toBe("canceled");
    expect((await getVideo(videoId))?.status).toBe("ready");
  });

  it("an unprocessed video is hidden from everyone but admins", async () => {
    await workers!.stop();
    workers = undefined;
    const { video } = await upload("not-ready-yet");
    expect((await call(videoRoute.GET, "/x", p(video.id))).status).toBe(404);
    expect((await call(fileRoute.GET, "/x", p(video.id))).status).toBe(404);
    expect((await call(videoRoute.GET, "/x", { ...p(video.id), token: admin })).status).toBe(200);
    expect((await call(timelineRoute.GET, "/x", { ...p(video.id), token: admin })).status).toBe(409);
    // Admins can still look at exact frames before the probe ran (the file's own timeline is read).
    const f = await call(frameRoute.GET, "/x?t=100.1", { ...p(video.id), token: admin });
    expect(f.status).toBe(200);
    expect(f.res.headers.get("x-frame-index")).toBe("3");
    workers = await startWorkers({ concurrency: 1, pollingIntervalSeconds: 0.5 });
  });

  it("DELETE /api/admin/videos/:id removes the row, its runs and timeline, and its files", async () => {
    const before = await listFiles(dir);
    const r = await call(adminVideoRoute.DELETE, "/x", { ...p(videoId), method: "DELETE", token: admin });
    expect(r.status).toBe(200);
    expect(await getVideo(videoId)).toBeUndefined();
    expect(await getTimeline(videoId)).toBeUndefined();
    const after = await listFiles(dir);
    expect(before.length - after.length).toBe(2);
    expect(after).not.toContain(`thumbnails/video-${videoId}.jpg`);
    expect((await call(adminVideoRoute.DELETE, "/x", { ...p(videoId), method: "DELETE", token: admin })).status).toBe(404);
    expect((await call(videoRoute.GET, "/x", { ...p(videoId), token: admin })).status).toBe(404);
  });
});
