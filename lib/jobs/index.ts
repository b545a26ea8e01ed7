import type PgBoss from "pg-boss";
import { createRun, finishRun, getRun, markRunCanceled, setRunJobId } from "@/db/queries/runs";
import type { AnalysisRun } from "@/db/schema";
import { env, isTestRun } from "@/lib/env";
import { startRecordingSupervisor, type RecordingSupervisor, type SupervisorOptions } from "@/lib/recordings/supervisor";
import { bossSlot, getBoss, stopBoss, type BossOptions } from "./boss";
import { startScheduledTasks } from "./prune-clicks";
import { reconcileRuns } from "./reconcile";
import { allTasks, getTask, SCHEDULED_TASKS, type EnqueuePayload, type TaskName } from "./registry";
import { abortAll, runJob, type ActiveJob } from "./runner";
import { JobCanceledError, taskOptions, WorkerShutdownError, type TaskDef } from "./task";

export { registerTask, TASKS, type TaskName, type EnqueuePayload } from "./registry";
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

type WorkerState = {
  running: boolean;
  stopping: boolean;
  concurrency: number;
  queues: Map<string, string[]>;
  active: Map<string, ActiveJob>;
  recordings?: RecordingSupervisor;
  stop?: Promise<void>;
};

// On globalThis for the same reason as the queue client: one worker state per process.
const KEY = Symbol.for("framecart.jobs.workers");
function state(): WorkerState {
  const g = globalThis as unknown as Record<symbol, WorkerState | undefined>;
  g[KEY] ??= { running: false, stopping: false, concurrency: 0, queues: new Map(), active: new Map() };
  return g[KEY];
}

const createdQueues = new WeakMap<PgBoss, Set<string>>();
async function ensureQueue(boss: PgBoss, name: string): Promise<void> {
  let set = createdQueues.get(boss);
  if (!set) createdQueues.set(boss, (set = new Set()));
  if (set.has(name)) return;
  await boss.createQueue(name);
  set.add(name);
}

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

export type EnqueueOptions = {
  /** Columns of the analysis run the job reports to. */
  run?: { requestedBy?: number | null; models?: Record<string, string>; backend?: string | null; params?: Record<string, unknown> };
  /** Per-job overrides of the task's retry and expiry settings. */
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  expireInSeconds?: number;
};

export type EnqueuedRun = { run: AnalysisRun; jobId: string };

/** Creates an analysis run for a registered task and queues its job. */
export function enqueue<N extends TaskName>(task: N, payload: EnqueuePayload<N>, opts: EnqueueOptions = {}): Promise<EnqueuedRun> {
  const def = getTask(task);
  if (!def) throw new Error(`Unknown task ${task}`);
  return enqueueTask(def, payload as Record<string, unknown> & { videoId: number }, opts);
}

/** enqueue() for a task definition in hand (also tasks registered at run time). */
export async function enqueueTask(
  def: TaskDef,
  payload: Record<string, unknown> & { videoId: number },
  opts: EnqueueOptions = {},
): Promise<EnqueuedRun> {
  def.payload.parse({ ...payload, runId: 1 }); // refuse a bad payload before creating anything
  const run = await createRun({
    videoId: payload.videoId,
    kind: def.kind,
    params: { ...opts.run?.params, ...payload, task: def.name },
    models: opts.run?.models,
    backend: opts.run?.backend,
    requestedBy: opts.run?.requestedBy,
  });
  try {
    const o = { ...taskOptions(def), ...definedOnly(opts) };
    const boss = await getBoss();
    await ensureQueue(boss, def.name);
    const jobId = await boss.send(def.name, def.payload.parse({ ...payload, runId: run.id }) as object, {
      retryLimit: o.retryLimit,
      retryDelay: o.retryDelaySeconds,
      retryBackoff: o.retryBackoff,
      expireInSeconds: o.expireInSeconds,
    });
    if (!jobId) throw new Error("the queue refused the job");
    await setRunJobId(run.id, jobId);
    // Wake an idle local worker instead of waiting for its next poll.
    const local = bossSlot().boss;
    for (const id of state().queues.get(def.name) ?? []) local?.notifyWorker(id);
    return { run: { ...run, jobId }, jobId };
  } catch (e) {
    await finishRun(run.id, "failed", { error: "Could not queue the job" }).catch(() => {});
    throw e;
  }
}

function definedOnly(o: EnqueueOptions) {
  const out: Partial<{ retryLimit: number; retryDelaySeconds: number; retryBackoff: boolean; expireInSeconds: number }> = {};
  if (o.retryLimit !== undefined) out.retryLimit = o.retryLimit;
  if (o.retryDelaySeconds !== undefined) out.retryDelaySeconds = o.retryDelaySeconds;
  if (o.retryBackoff !== undefined) out.retryBackoff = o.retryBackoff;
  if (o.expireInSeconds !== undefined) out.expireInSeconds = o.expireInSeconds;
  return out;
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
