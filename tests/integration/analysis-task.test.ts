import { execFileSync } from "node:child_process";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as analyzeRoute from "@/app/api/admin/videos/[id]/analyze/route";
import * as annotatedRoute from "@/app/api/videos/[id]/annotated/route";
import * as detectionsRoute from "@/app/api/videos/[id]/detections/route";
import * as videosRoute from "@/app/api/videos/route";
import { getDb } from "@/db";
import { insertProduct } from "@/db/queries/products";
import { getRun, listRunsWithVideo, objectRunsInState } from "@/db/queries/runs";
import { listTrackBoxes, listTracks } from "@/db/queries/tracks";
import { updateVideo } from "@/db/queries/videos";
import { trackBoxes, trackProducts, tracks, type AnalysisRun } from "@/db/schema";
import { setAutoAnalyze } from "@/lib/analysis/auto";
import { runRow } from "@/lib/analysis/history";
import { deleteRunOutputs } from "@/lib/analysis/outputs";
import { setModelDirForTests } from "@/lib/analysis/run";
import { detectionsDocumentSchema, type DetectionsDocument } from "@/lib/analysis/schema";
import { resetEnvForTests } from "@/lib/env";
import { cancelRun, startWorkers } from "@/lib/jobs";
import { localStorage, setStorage } from "@/lib/storage";
import { confusable } from "@/lib/track/label-groups";
import { ffmpegPath } from "@/lib/media/ffmpeg";
import { ptsMsOf } from "@/lib/media/timeline";
import { readTimeline } from "@/lib/media/timeline-read";
import { fixture } from "@/tests/fixtures/derived";
import { createTestDb, TEST_DB } from "@/tests/helpers/db";
import { call, userWithToken } from "@/tests/helpers/http";
import { listFiles, multipart } from "./ingest-helpers";

// The analyze-video task on the database in use: upload → probe → analysis queued automatically →
// tracks and boxes stored, detections JSON and annotated MP4 (exact pts) served; a re-run keeps
// manual work and moves product links; cancel; a video with no objects; a missing model.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const p = (id: number | string) => ({ params: { id: String(id) } });
let drop: () => Promise<void>;
let dir: string;
let admin = "";
let adminId = 0;
let workers: { stop(): Promise<void> } | undefined;
let videoId = 0;
let firstRun: AnalysisRun;
let dogProduct = 0;
let manualProduct = 0;

async function waitFor<T>(fn: () => Promise<T | undefined | false>, ms = 120_000, step = 200): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error("timed out");
    await sleep(step);
  }
}

const finished = (runId: number) =>
  waitFor(async () => {
    const r = await getRun(runId);
    return r && ["succeeded", "failed", "canceled"].includes(r.status) ? r : undefined;
  });

async function upload(youtube: string, data: Buffer, filename: string) {
  const { body, contentType } = multipart([
    { name: "youtube", value: youtube },
    { name: "file", filename, data },
  ]);
  const r = await call(videosRoute.POST, "/api/videos", { method: "POST", token: admin, body, headers: { "content-type": contentType } });
  expect(r.status).toBe(201);
  return r.body as { video: { id: number }; run: { id: number } };
}

/** The object analysis the probe task queued for a freshly uploaded video. */
async function autoRun(id: number): Promise<AnalysisRun> {
  const run = await waitFor(async () => (await objectRunsInState(id, ["queued", "running", "succeeded", "failed", "canceled"]))[0], 60_000);
  return finished(run.id);
}

async function getDoc(id: number, query = ""): Promise<DetectionsDocument> {
  const r = await call(detectionsRoute.GET, `/x${query}`, { ...p(id), token: admin });
  expect(r.status).toBe(200);
  expect(r.res.headers.get("content-type")).toBe("application/json");
  return detectionsDocumentSchema.parse(r.body);
}

beforeAll(async () => {
  resetEnvForTests({ ANALYSIS_FPS: "2" }); // keeps each analysis of the 8 s clip to 16 frames
  ({ drop } = await createTestDb());
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), "fc-analysis-task-"));
  setStorage(localStorage(dir));
  const u = await userWithToken("admin");
  admin = u.token;
  adminId = u.user.id;
  dogProduct = (await insertProduct({ sku: "T-DOG", name: "Dog bed", priceCents: 100, itemName: "dog" }))!.id;
  manualProduct = (await insertProduct({ sku: "T-MAN", name: "Poster", priceCents: 100, itemName: "giraffe" }))!.id;
  setAutoAnalyze(true);
  workers = await startWorkers({ concurrency: 1, pollingIntervalSeconds: 0.5 });
});

afterAll(async () => {
  setAutoAnalyze(undefined);
  setModelDirForTests(undefined);
  await workers?.stop();
  setStorage(undefined);
  await drop();
  await fsp.rm(dir, { recursive: true, force: true });
  resetEnvForTests({ ANALYSIS_FPS: undefined });
});

describe(`object analysis on ${TEST_DB}`, () => {
  it("an upload is probed, then analysed on its own: tracks, boxes, run record, JSON, annotated MP4", async () => {
    const t0 = Date.now();
    const { video } = await upload("demo-analysis", fs.readFileSync(fixture("product_demo.mp4")), "product_demo.mp4");
    videoId = video.id;
    firstRun = await autoRun(videoId);
    console.log(`[${TEST_DB}] upload → probe → analysis of product_demo at 2 fps: ${((Date.now() - t0) / 1000).toFixed(1)} s; run timings ${JSON.stringify(firstRun.timings)}`);
    expect(firstRun.status, firstRun.error ?? "").toBe("succeeded");
    expect(firstRun.backend).toMatch(/^(wasm|cpu|tensorflow|tensorflow-gpu)$/);
    expect(firstRun.models).toMatchObject({ detector: "centernet", tracker: "bytetrack" });
    expect(firstRun.params).toMatchObject({ task: "analyze-video", trigger: "upload", analysisFps: 2, model: "centernet" });
    expect(firstRun.timings).toMatchObject({ framesAnalysed: 16, videoFrames: 162 });
    expect(firstRun.timings.analyseMs).toBeGreaterThan(0);
    expect(firstRun.timings.annotateMs).toBeGreaterThan(0);
    // Progress counts the frames this run analyses (2 fps over 8 s), not the 162 frames the annotation draws.
    expect(firstRun.framesTotal).toBe(16);
    expect(firstRun.framesDone).toBe(firstRun.framesTotal);
    expect(firstRun.resultKey).toBe(`videos/${videoId}/runs/${firstRun.id}/demo-analysis_detections.json`);
    expect(firstRun.annotatedKey).toBe(`videos/${videoId}/runs/${firstRun.id}/annotated.mp4`);

    const doc = await getDoc(videoId);
    expect(doc).toMatchObject({ videoId: "demo-analysis", width: 640, height: 360, model: "centernet", analysisFps: 2 });
    expect(doc.frames).toHaveLength(16); // 0, 500, … 7500 ms
    const labels = doc.tracks.map((t) => t.label);
    console.log(`[${TEST_DB}] tracks: ${doc.tracks.map((t) => `${t.trackId}:${t.label} ${t.firstMs.toFixed(0)}–${t.lastMs.toFixed(0)} ms`).join(", ")}`);
    for (const want of ["dog", "person"]) expect(labels.some((l) => confusable(l, want)), want).toBe(true);

    // Tracks and boxes in the database mirror the document.
    const rows = await listTracks(videoId);
    expect(rows).toHaveLength(doc.tracks.length);
    expect(rows.every((t) => t.source === "auto" && t.runId === firstRun.id && t.score > 0)).toBe(true);
    const objects = doc.frames.reduce((n, f) => n + f.objects.length, 0);
    expect(rows.reduce((n, t) => n + t.boxCount, 0)).toBe(objects);
    expect(firstRun.timings.boxes).toBe(objects);
    const dog = rows.find((t) => t.label === "dog")!;
    const boxes = await listTrackBoxes(dog.id);
    expect(boxes[0]).toMatchObject({ ptsMs: dog.firstMs, keyframe: true });
    expect(boxes.at(-1)!.ptsMs).toBe(dog.lastMs);

    // The annotated MP4: served with Range support, every frame at the source's exact pts.
    const head = await call(annotatedRoute.GET, "/x", { ...p(videoId), token: admin, headers: { range: "bytes=0-99" } });
    expect(head.status).toBe(206);
    expect(head.res.headers.get("content-type")).toBe("video/mp4");
    expect(head.res.headers.get("content-range")).toMatch(/^bytes 0-99\/\d+$/);
    const full = await call(annotatedRoute.GET, "/x?download=1", { ...p(videoId), token: admin });
    expect(full.res.headers.get("content-disposition")).toBe('attachment; filename="demo-analysis_annotated.mp4"');
    const mp4 = path.join(dir, "annotated-1.mp4");
    await fsp.writeFile(mp4, Buffer.from(await full.res.arrayBuffer()));
    const src = await readTimeline(fixture("product_demo.mp4"));
    const out = await readTimeline(mp4);
    expect(out.frameCount).toBe(src.frameCount);
    for (let i = 0; i < src.frameCount; i++) expect(ptsMsOf(out, i)).toBe(ptsMsOf(src, i));
  }, 180_000);

  it("serves results publicly for published videos, by run, and 404s what does not exist", async () => {
    expect((await call(detectionsRoute.GET, "/x", p(videoId))).status).toBe(404); // a draft until published
    await updateVideo(videoId, { publishedAt: new Date() });
    const anon = await call(detectionsRoute.GET, "/x", p(videoId));
    expect(anon.status).toBe(200);
    const byRun = await call(detectionsRoute.GET, `/x?run=${firstRun.id}&download=1`, p(videoId));
    expect(byRun.res.headers.get("content-disposition")).toBe('attachment; filename="demo-analysis_detections.json"');
    expect((await call(detectionsRoute.GET, "/x?run=999999", p(videoId))).status).toBe(404);
    expect((await call(detectionsRoute.GET, "/x?run=abc", p(videoId))).status).toBe(422);
    expect((await call(detectionsRoute.GET, "/x", p(999_999))).status).toBe(404);
    expect((await call(analyzeRoute.POST, "/x", { ...p(videoId), method: "POST", json: {} })).status).toBe(401);
    expect((await call(analyzeRoute.POST, "/x", { ...p(videoId), method: "POST", token: admin, json: { model: "yolo" } })).status).toBe(422);
    expect((await call(analyzeRoute.POST, "/x", { ...p(videoId), method: "POST", token: admin, json: { fps: 0 } })).status).toBe(422);
    // The history page's rows (object runs by default) link to the run's outputs.
    const { rows, total } = await listRunsWithVideo({ kind: "objects" });
    expect(total).toBe(1);
    const row = runRow(rows[0]!);
    expect(row).toMatchObject({ id: firstRun.id, status: "succeeded", video: { id: videoId, youtubeId: "demo-analysis" }, frames: "16 of 162 analysed" });
    expect(row.backend).toBe(firstRun.backend);
    expect((await call(detectionsRoute.GET, row.detectionsUrl!.replace(/^\/api\/videos\/\d+\/detections/, "/x"), p(videoId))).status).toBe(200);
    expect((await call(annotatedRoute.GET, row.annotatedUrl!.replace(/^\/api\/videos\/\d+\/annotated/, "/x"), { ...p(videoId), method: "HEAD" })).status).toBe(200);
    expect((await listRunsWithVideo({})).total).toBe(2); // and the probe run
  });

  it("a re-run replaces auto tracks, keeps manual tracks and their products, and moves products to the same objects", async () => {
    const db = await getDb();
    const before = await listTracks(videoId);
    const dog = before.find((t) => t.label === "dog")!;
    await db.insert(trackProducts).values({ trackId: dog.id, productId: dogProduct, attachedBy: adminId });
    const [manual] = await db.insert(tracks).values({ videoId, label: "giraffe", firstMs: 0, lastMs: 2000, source: "manual", score: 1 }).returning();
    await db.insert(trackBoxes).values({ trackId: manual!.id, frameIndex: 0, ptsMs: 0, x: 200, y: 0, w: 240, h: 200, score: 1, keyframe: true });
    await db.insert(trackProducts).values({ trackId: manual!.id, productId: manualProduct, attachedBy: adminId });

    const r = await call(analyzeRoute.POST, "/x", { ...p(videoId), method: "POST", token: admin, json: { fps: 3, annotate: false } });
    expect(r.status).toBe(202);
    const run = (r.body as { run: { id: number; status: string; task: string } }).run;
    expect(run).toMatchObject({ status: "queued", task: "analyze-video" });
    // One analysis per video at a time.
    const again = await call(analyzeRoute.POST, "/x", { ...p(videoId), method: "POST", token: admin, json: {} });
    expect(again.status).toBe(409);

    const done = await finished(run.id);
    expect(done.status, done.error ?? "").toBe("succeeded");
    expect(done.annotatedKey).toBeNull();
    expect(done.params).toMatchObject({ analysisFps: 3, annotate: false });
    expect(done.timings).toMatchObject({ replacedTracks: before.length, linksMoved: 1, linksDropped: 0 });

    const after = await listTracks(videoId);
    const kept = after.find((t) => t.id === manual!.id);
    expect(kept).toMatchObject({ source: "manual", productId: manualProduct, boxCount: 1 });
    const auto = after.filter((t) => t.source === "auto");
    expect(auto.every((t) => t.runId === run.id)).toBe(true);
    expect(auto.some((t) => before.some((b) => b.id === t.id))).toBe(false);
    const linked = auto.filter((t) => t.productId === dogProduct);
    expect(linked).toHaveLength(1);
    expect(confusable(linked[0]!.label, "dog")).toBe(true);
    expect(linked[0]!.lastMs - linked[0]!.firstMs).toBeGreaterThan(3000);
    // The latest result is the new run's; the old one is still there by id.
    expect((await getDoc(videoId)).analysisFps).toBe(3);
    expect((await getDoc(videoId, `?run=${firstRun.id}`)).analysisFps).toBe(2);
  }, 180_000);

  it("cancel stops a running analysis and leaves the tracks as they were", async () => {
    const before = (await listTracks(videoId)).map((t) => t.id);
    const r = await call(analyzeRoute.POST, "/x", { ...p(videoId), method: "POST", token: admin, json: { fps: 10 } });
    const runId = (r.body as { run: { id: number } }).run.id;
    await waitFor(async () => ((await getRun(runId))?.framesDone ?? 0) >= 2, 60_000, 100);
    expect((await cancelRun(runId))?.canceled).toBe(true);
    const done = await finished(runId);
    expect(done.status).toBe("canceled");
    await sleep(500);
    expect((await listTracks(videoId)).map((t) => t.id)).toEqual(before);
    expect(done.resultKey).toBeNull();
  }, 120_000);

  it("a video with no objects succeeds with no tracks", async () => {
    const black = path.join(dir, "black.mp4");
    execFileSync(ffmpegPath(), ["-v", "error", "-f", "lavfi", "-i", "color=black:s=320x240:r=25:d=2", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-y", black]);
    const { video } = await upload("black-2s", fs.readFileSync(black), "black.mp4");
    const run = await autoRun(video.id);
    expect(run.status, run.error ?? "").toBe("succeeded");
    expect(run.timings).toMatchObject({ tracks: 0, boxes: 0, framesAnalysed: 4, videoFrames: 50 });
    expect(await listTracks(video.id)).toEqual([]);
    const doc = await getDoc(video.id);
    expect(doc.tracks).toEqual([]);
    expect(doc.frames.map((f) => f.objects.length)).toEqual([0, 0, 0, 0]);
    expect(run.annotatedKey).not.toBeNull();
  }, 120_000);

  it("a missing model file fails the run at once with a clear error", async () => {
    const empty = await fsp.mkdtemp(path.join(os.tmpdir(), "fc-no-models-"));
    setModelDirForTests(empty);
    try {
      const before = (await listTracks(videoId)).map((t) => t.id);
      const r = await call(analyzeRoute.POST, "/x", { ...p(videoId), method: "POST", token: admin, json: { fps: 1 } });
      expect(r.status).toBe(202);
      const done = await finished((r.body as { run: { id: number } }).run.id);
      expect(done.status).toBe("failed");
      expect(done.error).toMatch(/^The detector model could not be loaded: model file not found: .*centernet\.json$/);
      // No retry: a missing file will still be missing.
      expect(done.error).not.toMatch(/Attempt/);
      expect((await listTracks(videoId)).map((t) => t.id)).toEqual(before);
      // Before a video is deleted its runs' outputs can be removed from storage.
      const stored = (await listFiles(dir)).filter((f) => f.startsWith(`videos/${videoId}/runs/`));
      expect(stored.length).toBe(3); // first run: JSON + MP4; re-run: JSON only
      expect(await deleteRunOutputs(videoId)).toBe(3);
      expect((await listFiles(dir)).filter((f) => f.startsWith(`videos/${videoId}/`))).toEqual([]);
    } finally {
      setModelDirForTests(undefined);
      await fsp.rm(empty, { recursive: true, force: true });
    }
  }, 60_000);
});
