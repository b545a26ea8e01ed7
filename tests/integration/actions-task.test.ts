import { execFileSync } from "node:child_process";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as analyzeRoute from "@/app/api/admin/videos/[id]/analyze/route";
import * as actionsRoute from "@/app/api/videos/[id]/actions/route";
import * as actionsMp4Route from "@/app/api/videos/[id]/actions/annotated/route";
import * as clicksRoute from "@/app/api/clicks/route";
import * as videosRoute from "@/app/api/videos/route";
import { getDb } from "@/db";
import { updateVideo } from "@/db/queries/videos";
import { listRunActions } from "@/db/queries/actions";
import { insertProduct } from "@/db/queries/products";
import { getRun, listRunsForVideo, listRunsWithVideo } from "@/db/queries/runs";
import { listTracks } from "@/db/queries/tracks";
import { poses, trackProducts, type AnalysisRun } from "@/db/schema";
import { actionsDocumentSchema, actionShares } from "@/lib/people/schema";
import { runRow } from "@/lib/analysis/history";
import { resetEnvForTests } from "@/lib/env";
import { startWorkers } from "@/lib/jobs";
import { localStorage, setStorage } from "@/lib/storage";
import { boxAt } from "@/lib/track/interpolate";
import { ffmpegPath } from "@/lib/media/ffmpeg";
import { ptsMsOf } from "@/lib/media/timeline";
import { readTimeline } from "@/lib/media/timeline-read";
import { fixture } from "@/tests/fixtures/derived";
import { createTestDb, TEST_DB } from "@/tests/helpers/db";
import { call, userWithToken } from "@/tests/helpers/http";
import { multipart } from "./ingest-helpers";

// The analyze-actions task on the database in use, on 10 s of the pedestrian clip (VFR): requested by
// an admin with its models, detection + tracking first (no object analysis yet), poses at exact pts,
// action spans, JSON (zod) and annotated MP4 (exact pts) served, the history row; then a shopper's
// click on a walking person matches that person's track and its product.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const p = (id: number | string) => ({ params: { id: String(id) } });
const YT = "PedWalk0001";
let drop: () => Promise<void>;
let dir: string;
let admin = "";
let workers: { stop(): Promise<void> } | undefined;
let videoId = 0;
let clip = "";
let run: AnalysisRun;

async function waitFor<T>(fn: () => Promise<T | undefined | false>, ms = 240_000, step = 300): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error("timed out");
    await sleep(step);
  }
}
const finished = (runId: number) => waitFor(async () => {
  const r = await getRun(runId);
  return r && ["succeeded", "failed", "canceled"].includes(r.status) ? r : undefined;
});

beforeAll(async () => {
  resetEnvForTests({ ANALYSIS_FPS: undefined });
  ({ drop } = await createTestDb());
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), "fc-actions-task-"));
  setStorage(localStorage(dir));
  admin = (await userWithToken("admin")).token;
  // The first 10 s, stream copied: the clip keeps its VFR pts.
  clip = path.join(dir, "pedestrians_10s.mp4");
  execFileSync(ffmpegPath(), ["-v", "error", "-i", fixture("pedestrians_vfr.mp4"), "-t", "10", "-c", "copy", "-an", "-y", clip]);
  workers = await startWorkers({ concurrency: 1, pollingIntervalSeconds: 0.5 });
  const { body, contentType } = multipart([{ name: "youtube", value: YT }, { name: "file", filename: "pedestrians.mp4", data: fs.readFileSync(clip) }]);
  const up = await call(videosRoute.POST, "/api/videos", { method: "POST", token: admin, body, headers: { "content-type": contentType } });
  expect(up.status).toBe(201);
  const created = up.body as { video: { id: number }; run: { id: number } };
  videoId = created.video.id;
  await updateVideo(videoId, { publishedAt: new Date() }); // shoppers' clicks are answered on published videos
  expect((await finished(created.run.id)).status).toBe("succeeded"); // the probe
}, 120_000);

afterAll(async () => {
  await workers?.stop();
  setStorage(undefined);
  await drop?.();
  await fsp.rm(dir, { recursive: true, force: true });
});

describe(`actions analysis on ${TEST_DB}`, () => {
  it("rejects unknown models and types (422)", async () => {
    for (const json of [{ type: "poses" }, { type: "actions", poseModel: "blazepose" }, { type: "actions", actionModel: "lstm" }, { tracker: "sort" }]) {
      const r = await call(analyzeRoute.POST, "/x", { method: "POST", ...p(videoId), token: admin, json });
      expect(r.status, JSON.stringify(json)).toBe(422);
    }
  });

  it("an admin requests an actions analysis with its models: detection + tracking first, then poses and spans", async () => {
    const t0 = Date.now();
    const r = await call(analyzeRoute.POST, "/x", { method: "POST", ...p(videoId), token: admin, json: { type: "actions", model: "centernet", tracker: "bytetrack", poseModel: "movenet-lightning", actionModel: "keypoint-rules-v1", fps: 3 } });
    expect(r.status).toBe(202);
    const queued = (r.body as { run: { id: number; kind: string } }).run;
    expect(queued.kind).toBe("actions");
    // A second request while it runs: 409.
    const again = await call(analyzeRoute.POST, "/x", { method: "POST", ...p(videoId), token: admin, json: {} });
    expect(again.status).toBe(409);
    run = await finished(queued.id);
    console.log(`[${TEST_DB}] actions run on 10 s of pedestrians at 3 fps: ${((Date.now() - t0) / 1000).toFixed(1)} s; timings ${JSON.stringify(run.timings)}`);
    expect(run.status, run.error ?? "").toBe("succeeded");
    expect(run.models).toMatchObject({ detector: "centernet", tracker: "bytetrack", pose: "movenet-lightning", actions: "keypoint-rules-v1" });
    expect(run.timings.detectMs).toBeGreaterThan(0);
    expect(run.timings.poseMs).toBeGreaterThan(0);
    expect(run.timings.personTracks).toBeGreaterThan(0);
    expect(run.resultKey).toBe(`videos/${videoId}/runs/${run.id}/${YT}_actions.json`);

    // The detection pass ran as an object analysis of its own (tracks, JSON, MP4), worked inside this job.
    const objects = (await listRunsForVideo(videoId)).find((x) => x.kind === "objects" && x.params.actionsRun === run.id);
    expect(objects?.status, objects?.error ?? "").toBe("succeeded");
    expect(objects!.resultKey).toBeTruthy();
    const tracks = await listTracks(videoId);
    expect(tracks.some((t) => t.label === "person" && t.runId === objects!.id)).toBe(true);
    // Poses carry the exact pts of their frames.
    const db = await getDb();
    const rows = await db.select().from(poses).where(eq(poses.runId, run.id));
    expect(rows.length).toBeGreaterThan(10);
    const timeline = await readTimeline(clip);
    for (const row of rows) {
      expect(row.ptsMs).toBe(ptsMsOf(timeline, row.frameIndex));
      expect(row.keypoints).toHaveLength(17);
    }
    const spans = await listRunActions(run.id);
    expect(spans.length).toBeGreaterThan(0);

    // The JSON through its route, validated by its schema, agrees with the database.
    const res = await call(actionsRoute.GET, "/x?download=1", { ...p(videoId), token: admin });
    expect(res.status).toBe(200);
    expect(res.res.headers.get("content-disposition")).toBe(`attachment; filename="${YT}_actions.json"`);
    const doc = actionsDocumentSchema.parse(res.body);
    expect(doc.tracks.flatMap((t) => t.spans)).toHaveLength(spans.length);
    console.log(`[${TEST_DB}] shares: ${actionShares(doc).map((a) => `${a.action} ${(a.share * 100).toFixed(1)}%`).join(", ")}`);
    expect(actionShares(doc).find((a) => a.action === "walking")!.share).toBeGreaterThan(0.5);

    // The annotated MP4: Range, every frame at the source's pts.
    const head = await call(actionsMp4Route.GET, "/x", { ...p(videoId), token: admin, headers: { range: "bytes=0-99" } });
    expect(head.status).toBe(206);
    const full = await call(actionsMp4Route.GET, "/x", { ...p(videoId), token: admin });
    const mp4 = path.join(dir, "actions.mp4");
    await fsp.writeFile(mp4, Buffer.from(await full.res.arrayBuffer()));
    const out = await readTimeline(mp4);
    expect(out.frameCount).toBe(timeline.frameCount);
    for (let i = 0; i < timeline.frameCount; i++) expect(ptsMsOf(out, i)).toBe(ptsMsOf(timeline, i));

    // History: type, models, timings, output links.
    const { rows: hist } = await listRunsWithVideo({ kind: "actions" });
    const row = runRow(hist.find((h) => h.id === run.id)!);
    expect(row).toMatchObject({ kind: "actions", status: "succeeded", models: "centernet + bytetrack + movenet-lightning + keypoint-rules-v1" });
    expect(row.timings).toMatch(/detect .* · pose .* · annotate/);
    expect(row.detectionsUrl).toBe(`/api/videos/${videoId}/actions?run=${run.id}&download=1`);
    expect(row.annotatedUrl).toBe(`/api/videos/${videoId}/actions/annotated?run=${run.id}`);
    expect((await listRunsForVideo(videoId)).map((x) => x.kind)).toContain("actions");
  }, 300_000);

  it("a click on a walking person matches that person's track and its product (shop tie-in)", async () => {
    const res = await call(actionsRoute.GET, "/x", { ...p(videoId), token: admin });
    const doc = actionsDocumentSchema.parse(res.body);
    // The longest walking span of any person: click the middle of the person's box halfway through it.
    const walks = doc.tracks.flatMap((t) => t.spans.filter((s) => s.action === "walking").map((s) => ({ trackId: t.trackId, ...s })));
    const walk = walks.sort((a, b) => b.endMs - b.startMs - (a.endMs - a.startMs))[0]!;
    const productId = (await insertProduct({ sku: "T-COAT", name: "Walking coat", priceCents: 9900, itemName: "person" }))!.id;
    const db = await getDb();
    await db.insert(trackProducts).values({ trackId: walk.trackId, productId });
    const timeline = await readTimeline(clip);
    // The frame on screen at the click is the last frame with pts ≤ t; the match uses that frame's box.
    const t = (walk.startMs + walk.endMs) / 2;
    let idx = 0;
    while (idx + 1 < timeline.frameCount && ptsMsOf(timeline, idx + 1) <= t) idx++;
    const screenMs = ptsMsOf(timeline, idx);
    const poseBoxes = doc.frames.flatMap((f) => f.poses.filter((q) => q.trackId === walk.trackId).map((q) => ({ ptsMs: f.ptsMs, box: q.box })));
    const box = boxAt(poseBoxes, screenMs)!;
    expect(box).not.toBeNull();
    const click = { x: box[0] + box[2] / 2, y: box[1] + box[3] * 0.4, timestamp: t / 1000, videoId: YT };
    const r = await call(clicksRoute.POST, "/api/clicks", { method: "POST", json: click, token: admin });
    expect(r.status).toBe(201);
    const body = r.body as { status: string; match: { trackId: number; label: string; frameIndex: number }; products: { id: number }[] };
    console.log(`click at ${t.toFixed(0)} ms (${click.x.toFixed(0)}, ${click.y.toFixed(0)}) on walking person #${walk.trackId}: ${JSON.stringify(body.match)}`);
    expect(body.status).toBe("matched");
    expect(body.match).toMatchObject({ trackId: walk.trackId, label: "person", frameIndex: idx });
    expect(body.products.map((x) => x.id)).toContain(productId);
  }, 60_000);
});
