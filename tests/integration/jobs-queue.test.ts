import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { getRun, markRunCanceled } from "@/db/queries/runs";
import { insertVideo } from "@/db/queries/videos";
import type { AnalysisRun } from "@/db/schema";
import { getBoss } from "@/lib/jobs/boss";
import { cancelRun, enqueueTask, registerTask, startWorkers, TASKS, workerStatus } from "@/lib/jobs";
import { TASK_SPECS } from "@/lib/jobs/specs";
import { reconcileRuns } from "@/lib/jobs/reconcile";
import { basePayload, defineTask, PermanentJobError } from "@/lib/jobs/task";
import { createTestDb, TEST_DB } from "../helpers/db";

// The job machinery on PGlite and PostgreSQL with small test tasks: progress, retries with backoff,
// permanent and final failures, cancel (queued, running, and from "another process"), drain on stop.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const hooks = { canceled: [] as number[], failed: [] as { runId: number; error: string }[], succeeded: [] as number[] };
const attempts = new Map<number, number>();

const countPayload = basePayload.extend({ frames: z.number().int().min(1), frameMs: z.number().min(0), firstAttemptFrameMs: z.number().optional() });
const count = defineTask({
  name: "test-count",
  kind: "objects",
  payload: countPayload,
  options: { retryLimit: 2, retryDelaySeconds: 1, retryBackoff: false, expireInSeconds: 120 },
  async run(data, ctx) {
    const p = countPayload.parse(data);
    const frameMs = ctx.attempt === 1 && p.firstAttemptFrameMs !== undefined ? p.firstAttemptFrameMs : p.frameMs;
    for (let i = 1; i <= p.frames; i++) {
      ctx.throwIfAborted();
      await sleep(frameMs);
      await ctx.progress(i, p.frames);
    }
    return { timings: { frames: p.frames } };
  },
  async onCanceled(run) {
    hooks.canceled.push(run.id);
  },
});

const flaky = defineTask({
  name: "test-flaky",
  kind: "objects",
  payload: basePayload.extend({ failures: z.number().int() }),
  options: { retryLimit: 3, retryDelaySeconds: 1, retryBackoff: true, expireInSeconds: 60 },
  async run(data, ctx) {
    const p = basePayload.extend({ failures: z.number().int() }).parse(data);
    attempts.set(p.runId, ctx.attempt);
    if (ctx.attempt <= p.failures) throw new Error(`flaky failure ${ctx.attempt}`);
  },
  async onSucceeded(run) {
    // The run already counts as succeeded when the follow-up runs.
    expect(run.status).toBe("succeeded");
    hooks.succeeded.push(run.id);
  },
  async onFinalFailure(run, error) {
    hooks.failed.push({ runId: run.id, error });
  },
});

const permanent = defineTask({
  name: "test-permanent",
  kind: "objects",
  payload: basePayload,
  options: { retryLimit: 3, retryDelaySeconds: 1 },
  async run(data, ctx) {
    basePayload.parse(data);
    attempts.set(ctx.runId, ctx.attempt);
    throw new PermanentJobError("not a video");
  },
  async onFinalFailure(run, error) {
    hooks.failed.push({ runId: run.id, error });
  },
});

const idle = defineTask({
  name: "test-idle",
  kind: "objects",
  payload: basePayload,
  async run(data) {
    basePayload.parse(data);
  },
  async onCanceled(run) {
    hooks.canceled.push(run.id);
  },
});

let drop: () => Promise<void>;
let videoId: number;
let workers: { stop(): Promise<void> } | undefined;

async function waitFor<T>(fn: () => Promise<T | undefined | false>, ms = 20_000, step = 100): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error("timed out waiting");
    await sleep(step);
  }
}

const runIs = (id: number, ...statuses: AnalysisRun["status"][]) =>
  waitFor(async () => {
    const r = await getRun(id);
    return r && statuses.includes(r.status) ? r : undefined;
  });

beforeAll(async () => {
  ({ drop } = await createTestDb());
  const v = await insertVideo({ youtubeId: "jobs-test-1", title: "t", storageKey: "videos/x.mp4", sizeBytes: 1 });
  videoId = v!.id;
  registerTask(count);
  registerTask(flaky);
  registerTask(permanent);
  await getBoss({ maintenanceIntervalSeconds: 1, pollingIntervalSeconds: 0.5 });
  workers = await startWorkers({ concurrency: 2, pollingIntervalSeconds: 0.5, reconcileIntervalMs: 1000 });
  registerTask(idle); // after start: no worker takes it, so its jobs stay queued
});

afterAll(async () => {
  await workers?.stop();
  await drop();
});

describe(`jobs on ${TEST_DB}`, () => {
  it("has a worked task for every task that can be queued", () => {
    expect(TASKS.map((t) => t.name)).toEqual(TASK_SPECS.map((t) => t.name));
  });

  it("runs a job, writing frames done/total, fps and ETA while it runs", async () => {
    const { run, jobId } = await enqueueTask(count, { videoId, frames: 12, frameMs: 150 });
    expect(run.status).toBe("queued");
    expect(jobId).toMatch(/[0-9a-f-]{36}/);
    const mid = await waitFor(async () => {
      const r = await getRun(run.id);
      return r && r.status === "running" && r.framesDone >= 3 && r.fps ? r : undefined;
    });
    expect(mid.framesTotal).toBe(12);
    expect(mid.fps).toBeGreaterThan(2);
    expect(mid.fps).toBeLessThan(15);
    expect(mid.etaSeconds).toBeGreaterThan(0);
    expect(workerStatus()).toMatchObject({ running: true, activeJobs: 1 });
    expect(workerStatus().queues.map((q) => q.name)).toEqual(expect.arrayContaining(["probe-video", "test-count"]));
    const done = await runIs(run.id, "succeeded", "failed");
    expect(done).toMatchObject({ status: "succeeded", framesDone: 12, framesTotal: 12, etaSeconds: 0, jobId, error: null });
    expect(done.timings).toEqual({ frames: 12 });
    expect(done.startedAt).toBeInstanceOf(Date);
    expect(done.finishedAt!.getTime()).toBeGreaterThanOrEqual(done.startedAt!.getTime());
    await waitFor(async () => (await (await getBoss()).getJobById("test-count", jobId))?.state === "completed");
  });

  it("retries a failing job with backoff, then succeeds", async () => {
    const t0 = Date.now();
    const { run } = await enqueueTask(flaky, { videoId, failures: 2 });
    const between = await waitFor(async () => {
      const r = await getRun(run.id);
      return r?.status === "queued" && r.error?.startsWith("Attempt 1 failed") ? r : undefined;
    });
    expect(between.error).toContain("flaky failure 1");
    const done = await runIs(run.id, "succeeded", "failed");
    expect(done.status).toBe("succeeded");
    expect(done.error).toBeNull();
    expect(attempts.get(run.id)).toBe(3);
    // The follow-up ran once, after the third attempt, not after the two failed ones.
    await waitFor(async () => hooks.succeeded.includes(run.id));
    await waitFor(async () => (await (await getBoss()).getJobById("test-flaky", done.jobId!))?.state === "completed");
    expect(hooks.succeeded.filter((id) => id === run.id)).toEqual([run.id]);
    // retryDelay 1 s with backoff: at least ~1 s + ~2 s of waiting (jitter only adds).
    expect(Date.now() - t0).toBeGreaterThan(1500);
  });

  it("fails for good once retries are used up, and calls onFinalFailure once", async () => {
    const { run } = await enqueueTask(flaky, { videoId, failures: 99 }, { retryLimit: 1, retryDelaySeconds: 0, retryBackoff: false });
    const done = await runIs(run.id, "failed", "succeeded");
    expect(done.status).toBe("failed");
    expect(done.error).toBe("flaky failure 2");
    expect(attempts.get(run.id)).toBe(2);
    expect(hooks.failed.filter((f) => f.runId === run.id)).toEqual([{ runId: run.id, error: "flaky failure 2" }]);
    // pg-boss records the failure just after the handler throws.
    await waitFor(async () => (await (await getBoss()).getJobById("test-flaky", done.jobId!))?.state === "failed");
    expect(hooks.succeeded).not.toContain(run.id);
  });

  it("does not retry a permanent failure", async () => {
    const { run } = await enqueueTask(permanent, { videoId });
    const done = await runIs(run.id, "failed", "succeeded");
    expect(done.error).toBe("not a video");
    await sleep(1500);
    expect(attempts.get(run.id)).toBe(1);
    expect((await getRun(run.id))?.status).toBe("failed");
  });

  it("cancels a running job: the task is aborted and the run is canceled", async () => {
    const { run, jobId } = await enqueueTask(count, { videoId, frames: 200, frameMs: 50 });
    await waitFor(async () => ((await getRun(run.id))?.framesDone ?? 0) >= 2);
    const res = await cancelRun(run.id);
    expect(res).toMatchObject({ canceled: true, run: { status: "canceled" } });
    await waitFor(async () => workerStatus().activeJobs === 0, 5000);
    const after = await getRun(run.id);
    expect(after?.status).toBe("canceled");
    expect(after!.framesDone).toBeLessThan(200);
    expect(hooks.canceled).toContain(run.id);
    expect((await (await getBoss()).getJobById("test-count", jobId))?.state).toBe("cancelled");
    // Canceling again changes nothing.
    expect(await cancelRun(run.id)).toMatchObject({ canceled: false, run: { status: "canceled" } });
    expect(await cancelRun(999_999)).toBeUndefined();
  });

  it("notices a cancel made by another process (run status) within about a second", async () => {
    const { run } = await enqueueTask(count, { videoId, frames: 400, frameMs: 50 });
    await runIs(run.id, "running");
    const t0 = Date.now();
    await markRunCanceled(run.id); // what another process's cancelRun writes; no local abort
    await waitFor(async () => workerStatus().jobs.every((j) => j.runId !== run.id), 5000, 50);
    expect(Date.now() - t0).toBeLessThan(2500);
    expect((await getRun(run.id))?.status).toBe("canceled");
  });

  it("cancels a queued job before any worker starts it", async () => {
    const { run, jobId } = await enqueueTask(idle, { videoId });
    const res = await cancelRun(run.id);
    expect(res?.canceled).toBe(true);
    expect(hooks.canceled).toContain(run.id);
    expect((await (await getBoss()).getJobById("test-idle", jobId))?.state).toBe("cancelled");
  });

  it("stop() drains: running jobs finish, no new job is taken", async () => {
    const { run } = await enqueueTask(count, { videoId, frames: 8, frameMs: 150 });
    await runIs(run.id, "running");
    const t0 = Date.now();
    await workers!.stop();
    workers = undefined;
    expect(Date.now() - t0).toBeGreaterThan(300);
    expect((await getRun(run.id))?.status).toBe("succeeded");
    expect(workerStatus()).toMatchObject({ running: false, activeJobs: 0 });
    const { run: later } = await enqueueTask(count, { videoId, frames: 1, frameMs: 0 });
    await sleep(1500);
    expect((await getRun(later.id))?.status).toBe("queued");
    // A new worker picks it up.
    workers = await startWorkers({ concurrency: 1, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 });
    expect((await runIs(later.id, "succeeded")).status).toBe("succeeded");
  });

  it("stop() past the drain timeout interrupts the job; it is retried and finishes", async () => {
    await workers!.stop();
    workers = await startWorkers({ concurrency: 1, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1, drainTimeoutMs: 500 });
    const { run } = await enqueueTask(count, { videoId, frames: 10, frameMs: 20, firstAttemptFrameMs: 2000 });
    await runIs(run.id, "running");
    const t0 = Date.now();
    await workers.stop();
    expect(Date.now() - t0).toBeLessThan(5000);
    const interrupted = await getRun(run.id);
    expect(interrupted?.status).toBe("queued");
    expect(interrupted?.error).toContain("worker shut down");
    workers = await startWorkers({ concurrency: 1, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 });
    const done = await runIs(run.id, "succeeded", "failed");
    expect(done).toMatchObject({ status: "succeeded", framesDone: 10 });
  });

  it("closes runs whose job ended without them (e.g. a crash on the last attempt)", async () => {
    const boss = await getBoss();
    const orphan = defineTask({ ...idle, name: "test-orphan" });
    registerTask(orphan); // no running worker has this queue
    const { run: a, jobId: ja } = await enqueueTask(orphan, { videoId }, { retryLimit: 0 });
    const { run: b, jobId: jb } = await enqueueTask(orphan, { videoId });
    const { run: c } = await enqueueTask(orphan, { videoId });
    await boss.fail("test-orphan", ja, { message: "job failed by timeout in active state" });
    await boss.deleteJob("test-orphan", jb);
    expect(await reconcileRuns({ graceMs: 0 })).toBe(2);
    expect(await getRun(a.id)).toMatchObject({ status: "failed", error: expect.stringContaining("no retry was left") });
    expect(await getRun(b.id)).toMatchObject({ status: "failed", error: expect.stringContaining("disappeared") });
    expect((await getRun(c.id))?.status).toBe("queued");
    await cancelRun(c.id);
  });

  it("refuses a bad payload before creating a run", async () => {
    await expect(enqueueTask(count, { videoId, frames: -1, frameMs: 1 })).rejects.toThrow();
  });
});
