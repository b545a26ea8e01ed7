import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { getRun } from "@/db/queries/runs";
import { insertVideo } from "@/db/queries/videos";
import type { AnalysisRun } from "@/db/schema";
import { enqueueTask, registerTask, startWorkers } from "@/lib/jobs";
import { getBoss } from "@/lib/jobs/boss";
import { rescueStaleRuns } from "@/lib/jobs/reconcile";
import { basePayload, defineTask } from "@/lib/jobs/task";
import { WORKER_ID } from "@/lib/jobs/worker-id";
import { killChildren, spawnTsx, waitFor, type Child } from "../helpers/cli";
import { createTestDb, TEST_DB } from "../helpers/db";

// Standalone worker processes (`npm run worker`, PostgreSQL only — PGlite allows one process):
// a worker killed with SIGKILL mid-job has its job picked up by another worker once the job's
// expiry passes; SIGTERM drains (running job finishes, or is interrupted past the drain timeout
// and retried elsewhere); and the worker refuses to start without DATABASE_URL.

const ROOT = path.resolve(import.meta.dirname, "../..");
const TMP = path.join(ROOT, "tests/.tmp");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const payload = basePayload.extend({ ms: z.number() });
// This process's version of the task is quick; the child's version can be made to hang.
const procTask = defineTask({
  name: "test-proc",
  kind: "objects",
  payload,
  async run(data, ctx) {
    const p = payload.parse(data);
    for (let i = 1; i <= 5; i++) {
      await sleep(p.ms / 5);
      await ctx.progress(i, 5);
    }
  },
});

const CHILD = `
import { z } from "zod";
import { registerTask } from "@/lib/jobs";
import { runWorkerProcess } from "@/lib/jobs/process";
import { rescueStaleRuns } from "@/lib/jobs/reconcile";
import { basePayload, defineTask } from "@/lib/jobs/task";
import { WORKER_ID } from "@/lib/jobs/worker-id";
const payload = basePayload.extend({ ms: z.number() });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
registerTask(defineTask({
  name: "test-proc",
  kind: "objects",
  payload,
  async run(data, ctx) {
    const p = payload.parse(data);
    if (process.env.CHILD_MODE === "stuck") await sleep(600_000); // ignores its signal, like a hung decoder
    for (let i = 1; i <= 10; i++) {
      ctx.throwIfAborted();
      await sleep(p.ms / 10);
      await ctx.progress(i, 10);
    }
  },
}));
await runWorkerProcess({
  concurrency: 1,
  pollingIntervalSeconds: 0.5,
  maintenanceIntervalSeconds: 1,
  drainTimeoutMs: Number(process.env.CHILD_DRAIN_MS ?? 30000),
});
`;

let url: string | undefined;
let drop: (() => Promise<void>) | undefined;
let videoId = 0;
let childFile = "";

async function startChild(env: Record<string, string>): Promise<Child> {
  const c = spawnTsx(childFile, { DATABASE_URL: url, ...env });
  await waitFor(async () => c.out().includes("[worker] ready") || (c.proc.exitCode !== null && Promise.reject(new Error(c.out()))), 60_000);
  return c;
}

const runIs = (id: number, ...s: AnalysisRun["status"][]) =>
  waitFor(async () => {
    const r = await getRun(id);
    return r && s.includes(r.status) ? r : undefined;
  }, 40_000);

describe("npm run worker", () => {
  it("refuses to start without DATABASE_URL, saying why", async () => {
    const c = spawnTsx(path.join(ROOT, "scripts/worker.ts"), { DATABASE_URL: "" });
    const { code } = await c.exit;
    expect(code).toBe(2);
    expect(c.out()).toContain("needs DATABASE_URL");
  });
});

describe.skipIf(TEST_DB !== "postgres")("worker processes on PostgreSQL", () => {
  let workers: { stop(): Promise<void> } | undefined;

  beforeAll(async () => {
    const db = await createTestDb();
    url = db.url;
    drop = db.drop;
    fs.mkdirSync(TMP, { recursive: true });
    childFile = path.join(TMP, `worker-child-${process.pid}.ts`);
    fs.writeFileSync(childFile, CHILD);
    videoId = (await insertVideo({ youtubeId: "proc-test", title: "t", storageKey: "videos/x.mp4", sizeBytes: 1 }))!.id;
    registerTask(procTask);
    await getBoss({ maintenanceIntervalSeconds: 1, pollingIntervalSeconds: 0.5 });
  });

  afterAll(async () => {
    killChildren();
    await workers?.stop();
    await drop?.();
    if (childFile) fs.rmSync(childFile, { force: true });
  });

  it("a worker killed with SIGKILL mid-job: another worker picks the job up after it expires", async () => {
    const child = await startChild({ CHILD_MODE: "stuck" });
    const { run, jobId } = await enqueueTask(procTask, { videoId, ms: 200 }, { expireInSeconds: 4, retryLimit: 2, retryDelaySeconds: 0, retryBackoff: false });
    const running = await runIs(run.id, "running");
    expect(running.jobId).toBe(jobId);
    child.proc.kill("SIGKILL");
    expect((await child.exit).signal).toBe("SIGKILL");
    const t0 = Date.now();
    workers = await startWorkers({ concurrency: 1, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 });
    const done = await runIs(run.id, "succeeded", "failed");
    expect(done.status).toBe("succeeded");
    expect(done.framesDone).toBe(5);
    expect(Date.now() - t0).toBeLessThan(20_000);
    const job = await (await getBoss()).getJobById("test-proc", jobId);
    expect(job?.retryCount).toBeGreaterThanOrEqual(1);
    await workers.stop();
    workers = undefined;
  });

  it("a worker killed mid-job under a long expiry: its silence is noticed and another worker finishes the job", async () => {
    const child = await startChild({ CHILD_MODE: "stuck" });
    // An hour's expiry, as analyses have hours: without the heartbeat the job would wait that long.
    const { run, jobId } = await enqueueTask(procTask, { videoId, ms: 200 }, { expireInSeconds: 3600, retryLimit: 2, retryDelaySeconds: 0, retryBackoff: false });
    const running = await runIs(run.id, "running");
    expect(running.worker).toMatch(/^[^:]+:\d+:[0-9a-f]{6}$/);
    expect(running.worker).not.toBe(WORKER_ID);
    // Alive: the heartbeat keeps it from being rescued.
    await sleep(2500);
    expect(await rescueStaleRuns(2000)).toBe(0);
    child.proc.kill("SIGKILL");
    await child.exit;
    await sleep(2500);
    workers = await startWorkers({ concurrency: 1, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1, reconcileIntervalMs: 3_600_000 });
    expect(await rescueStaleRuns(2000)).toBe(1);
    expect(await rescueStaleRuns(2000)).toBe(0); // once
    const done = await runIs(run.id, "succeeded", "failed");
    expect(done.status).toBe("succeeded");
    expect(done.worker).toBe(WORKER_ID);
    expect(done.framesDone).toBe(5);
    const job = await (await getBoss()).getJobById("test-proc", jobId);
    expect(job?.retryCount).toBe(1);
    await workers.stop();
    workers = undefined;
  });

  it("SIGTERM drains: the running job finishes, then the worker exits 0 and takes nothing new", async () => {
    const child = await startChild({ CHILD_MODE: "normal" });
    const { run } = await enqueueTask(procTask, { videoId, ms: 3000 });
    await waitFor(async () => ((await getRun(run.id))?.framesDone ?? 0) >= 1);
    child.proc.kill("SIGTERM");
    await sleep(300);
    const { run: later } = await enqueueTask(procTask, { videoId, ms: 10 });
    const { code } = await child.exit;
    expect(code).toBe(0);
    expect(child.out()).toContain("SIGTERM: finishing running jobs");
    expect((await getRun(run.id))?.status).toBe("succeeded");
    expect((await getRun(later.id))?.status).toBe("queued");
  });

  it("SIGTERM past the drain timeout interrupts the job; another worker finishes it", async () => {
    const child = await startChild({ CHILD_MODE: "normal", CHILD_DRAIN_MS: "500" });
    // The job left queued by the previous test is taken first (it takes 10 ms).
    await sleep(1000);
    const { run } = await enqueueTask(procTask, { videoId, ms: 20_000 }, { retryDelaySeconds: 0, retryBackoff: false });
    await waitFor(async () => ((await getRun(run.id))?.framesDone ?? 0) >= 1);
    const t0 = Date.now();
    child.proc.kill("SIGTERM");
    expect((await child.exit).code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(10_000);
    const interrupted = await getRun(run.id);
    expect(interrupted?.status).toBe("queued");
    expect(interrupted?.error).toContain("worker shut down");
    workers = await startWorkers({ concurrency: 1, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 });
    expect((await runIs(run.id, "succeeded", "failed")).status).toBe("succeeded");
  });
});
