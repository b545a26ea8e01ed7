import { getRun, markRunCanceled } from "@/db/queries/runs";
import type { AnalysisRun } from "@/db/schema";
import { env, isTestRun } from "@/lib/env";
import { startRecordingSupervisor, type SupervisorOptions } from "@/lib/recordings/supervisor";
import { bossSlot, getBoss, stopBoss, type BossOptions } from "./boss";
import { startScheduledTasks } from "./prune-clicks";
import { reconcileRuns } from "./reconcile";
import { allTasks, getTask, SCHEDULED_TASKS } from "./registry";
import { abortAll, runJob } from "./runner";
import { ensureQueue, workerState as state } from "./state";
import { JobCanceledError, taskOptions, WorkerShutdownError } from "./task";

// The worker side of the queue: it runs task code (registry.ts). Domain services queue work through
// ./queue (enqueue) and cancel through cancelRun here; task code never imports this module.
export { registerTask, TASKS } from "./registry";
export { enqueue, enqueueTask, type EnqueueOptions, type EnqueuedRun, type EnqueuePayload, type TaskName } from "./queue";
export { defineTask, basePayload, PermanentJobError, type TaskDef, type TaskContext } from "./task";

export type WorkerOptions = BossOptions & {
  /** Jobs of each task this process runs at once (default WORKER_CONCURRENCY). */
  concurrency?: number;
  /** How long stop() waits for running jobs before it interrupts them (they are retried later). */
  drainTimeoutMs?: number;
  /** How often stuck runs (their job failed or vanished, e.g. after a crash with no retry left) are closed. */
  reconcileIntervalMs?: number;
  /** RTSP recordings run by this worker (lib/recordings/supervisor.ts); false: none (also RECORDINGS_PER_WORKER=0). */
  recordings?: SupervisorOptions | false;
};

export type WorkerStatus = {
  running: boolean;
  stopping: boolean;
  concurrency: number;
  queues: { name: string; workers: number; active: number }[];
  activeJobs: number;
  jobs: { jobId: string; runId: number; task: string; startedAt: string }[];
};

function log(message: string): void {
  if (!isTestRun()) console.log(`[jobs] ${message}`);
}

/**
 * Starts workers in this process for every registered task. Safe to call once per process; any number
 * of processes may run workers against one PostgreSQL database (they share the queue).
 */
export async function startWorkers(opts: WorkerOptions = {}): Promise<{ stop(): Promise<void> }> {
  const s = state();
  if (s.running) return { stop: () => stopWorkers(opts) };
  const concurrency = opts.concurrency ?? env().WORKER_CONCURRENCY;
  const boss = await getBoss(opts);
  const polling = Math.max(0.5, opts.pollingIntervalSeconds ?? bossSlot().pollingIntervalSeconds);
  s.running = true;
  s.stopping = false;
  s.concurrency = concurrency;
  s.stop = undefined;
  for (const task of allTasks()) {
    await ensureQueue(boss, task.name);
    const n = Math.max(1, Math.min(concurrency, taskOptions(task).maxConcurrency ?? concurrency));
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      ids.push(
        await boss.work<unknown>(
          task.name,
          { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: polling },
          async ([job]) => (job ? runJob(task, job, s.active) : undefined),
        ),
      );
    }
    s.queues.set(task.name, ids);
  }
  for (const [name, ids] of await startScheduledTasks(boss, SCHEDULED_TASKS, { pollingIntervalSeconds: polling })) s.queues.set(name, ids);
  const rec = opts.recordings;
  if (rec !== false && (rec?.maxRecordings ?? env().RECORDINGS_PER_WORKER) > 0) s.recordings = startRecordingSupervisor(rec);
  // Often enough that a dead worker's job moves on within about 1.5 × JOB_STALE_SECONDS.
  const every = opts.reconcileIntervalMs ?? Math.min(30_000, (env().JOB_STALE_SECONDS * 1000) / 2);
  const reconcile = setInterval(() => void reconcileRuns().catch(() => {}), every);
  reconcile.unref();
  void reconcileRuns().catch(() => {});
  const stop = () => {
    clearInterval(reconcile);
    return stopWorkers(opts);
  };
  log(`worker started: ${[...s.queues.keys()].join(", ")} × ${concurrency}`);
  return { stop };
}

/** Stops taking jobs, waits for running ones up to drainTimeoutMs, interrupts the rest, stops the queue client. */
function stopWorkers(opts: WorkerOptions): Promise<void> {
  const s = state();
  s.stop ??= (async () => {
    s.stopping = true;
    // Recordings are handed over (finalised, lease released) while the jobs drain.
    const recordings = s.recordings?.stop();
    s.recordings = undefined;
    const boss = bossSlot().boss;
    if (boss) for (const name of s.queues.keys()) await boss.offWork(name);
    const deadline = Date.now() + (opts.drainTimeoutMs ?? 30_000);
    if (s.active.size > 0) log(`draining ${s.active.size} running job(s)…`);
    while (s.active.size > 0 && Date.now() < deadline) {
      await Promise.race([Promise.all([...s.active.values()].map((j) => j.done)), sleep(Math.max(0, deadline - Date.now()))]);
    }
    if (s.active.size > 0) {
      log(`interrupting ${s.active.size} job(s) still running; they will be retried`);
      abortAll(s.active, () => new WorkerShutdownError());
      await Promise.race([Promise.all([...s.active.values()].map((j) => j.done)), sleep(10_000)]);
    }
    // pg-boss completes/fails a job right after its handler returns, without waiting: let that land.
    await sleep(300);
    await recordings;
    await stopBoss();
    s.queues.clear();
    s.running = false;
    s.stopping = false;
  })();
  return s.stop;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export type CancelResult = { run: AnalysisRun; canceled: boolean };

/**
 * Cancels a queued or running run: the run becomes canceled at once, its pg-boss job is canceled (a
 * queued one never starts), and a running job is aborted — here directly, in another process within
 * a second through its status poll. Undefined when the run does not exist.
 */
export async function cancelRun(runId: number): Promise<CancelResult | undefined> {
  const before = await getRun(runId);
  if (!before) return undefined;
  const res = await markRunCanceled(runId);
  if (!res) return undefined;
  if (!res.changed) return { run: res.run, canceled: false };
  const taskName = typeof res.run.params.task === "string" ? res.run.params.task : undefined;
  const def = taskName ? getTask(taskName) : undefined;
  if (def && res.run.jobId) {
    const boss = await getBoss();
    await boss.cancel(def.name, res.run.jobId).catch((e: unknown) => log(`cancel of job ${res.run.jobId} failed: ${String(e)}`));
  }
  for (const job of state().active.values()) {
    if (job.runId === runId && !job.controller.signal.aborted) job.controller.abort(new JobCanceledError());
  }
  // A run that never started has no worker to clean up after it.
  if (before.status === "queued" && def?.onCanceled) await def.onCanceled(res.run).catch(() => {});
  return { run: res.run, canceled: true };
}

/** What the workers of this process are doing (for /api/health and the admin pages). */
export function workerStatus(): WorkerStatus {
  const s = state();
  const jobs = [...s.active.values()];
  return {
    running: s.running,
    stopping: s.stopping,
    concurrency: s.concurrency,
    queues: [...s.queues.entries()].map(([name, ids]) => ({
      name,
      workers: ids.length,
      active: jobs.filter((j) => j.task === name).length,
    })),
    activeJobs: jobs.length,
    jobs: jobs.map((j) => ({ jobId: j.jobId, runId: j.runId, task: j.task, startedAt: j.startedAt.toISOString() })),
  };
}
