import type PgBoss from "pg-boss";
import { ZodError } from "zod";
import { finishRun, getRun, getRunStatus, heartbeatRun, markRunStarted } from "@/db/queries/runs";
import { isTestRun } from "@/lib/env";
import { progressWriter } from "./progress";
import {
  basePayload,
  JobCanceledError,
  JobExpiredError,
  PermanentJobError,
  taskOptions,
  WorkerShutdownError,
  type TaskDef,
} from "./task";
import { WORKER_ID } from "./worker-id";

export type ActiveJob = {
  jobId: string;
  runId: number;
  task: string;
  startedAt: Date;
  controller: AbortController;
  done: Promise<void>;
};

const HEARTBEAT_MS = 1000;

/** Another worker took the run over (this one was presumed dead): stop without touching the run. */
class JobLostError extends Error {
  constructor() {
    super("Another worker took this run over");
  }
}

function log(message: string): void {
  if (!isTestRun()) console.log(`[jobs] ${message}`);
}

function messageOf(err: unknown): string {
  if (err instanceof ZodError) return `Invalid job payload: ${err.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`;
  return err instanceof Error ? err.message : String(err);
}

/**
 * Runs one pg-boss job of a task: marks its run running, watches for cancel (another process may
 * cancel it, so the run's status is polled), writes progress, and ends the run. Returns normally when
 * pg-boss should complete the job (success, cancel, permanent failure); throws to have it retried.
 */
export async function runJob(
  task: TaskDef,
  job: PgBoss.JobWithMetadata<unknown>,
  active: Map<string, ActiveJob>,
): Promise<unknown> {
  const ids = basePayload.safeParse(job.data);
  if (!ids.success) {
    log(`${task.name} job ${job.id}: dropped, payload has no run id (${messageOf(ids.error)})`);
    return { dropped: true };
  }
  const { runId } = ids.data;
  const controller = new AbortController();
  let settle!: () => void;
  const entry: ActiveJob = {
    jobId: job.id,
    runId,
    task: task.name,
    startedAt: new Date(),
    controller,
    done: new Promise<void>((r) => (settle = r)),
  };
  // Active before the run is marked started: a stop() that comes while the run already reads "running"
  // in the database but this handler has not resumed yet must drain it, not return with it still running.
  active.set(job.id, entry);
  let started = false;
  try {
    started = !!(await markRunStarted(runId, job.id, WORKER_ID));
  } finally {
    if (!started) {
      active.delete(job.id);
      settle();
    }
  }
  if (!started) return { skipped: "run canceled or finished" };

  const opts = taskOptions(task);
  const attempt = Number(job.retryCount) + 1;
  const finalAttempt = Number(job.retryCount) >= Number(job.retryLimit);
  const abort = (reason: Error) => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const progress = progressWriter(runId, () => abort(new JobCanceledError()));
  // The heartbeat tells other workers this one is alive (reconcile.ts rescues runs whose worker fell
  // silent) and brings news from other processes: a cancel, or a take-over after a false alarm.
  const poll = setInterval(() => {
    void heartbeatRun(runId, WORKER_ID)
      .then((s) => {
        if (s === "lost") abort(new JobLostError());
        else if (s !== "ok") abort(new JobCanceledError());
      })
      .catch(() => {});
  }, HEARTBEAT_MS);
  // Stop just before pg-boss would expire the attempt, so two workers never run it at once.
  const expireMs = Math.max(1000, Number(job.expireInSeconds ?? opts.expireInSeconds) * 1000 - 1000);
  const expiry = setTimeout(() => abort(new JobExpiredError(opts.expireInSeconds)), expireMs);

  log(`${task.name} run ${runId} (job ${job.id}) attempt ${attempt} started`);

  try {
    const result = await task.run(job.data, {
      runId,
      jobId: job.id,
      attempt,
      finalAttempt,
      signal: controller.signal,
      progress: (done, total) => progress.report(done, total),
      throwIfAborted: () => controller.signal.throwIfAborted(),
      log: (m) => log(`${task.name} run ${runId}: ${m}`),
    });
    // A cancel that lands after the last step still wins: the run stays canceled.
    controller.signal.throwIfAborted();
    await progress.flush();
    // Only the attempt that records the success runs the follow-up (a cancel that won the race does not).
    if (await finishRun(runId, "succeeded", result ?? {})) {
      log(`${task.name} run ${runId} succeeded`);
      const run = task.onSucceeded ? await getRun(runId) : undefined;
      if (run) await task.onSucceeded?.(run, (m) => log(`${task.name} run ${runId}: ${m}`)).catch((e: unknown) => log(`onSucceeded failed: ${messageOf(e)}`));
    }
    return { runId };
  } catch (err) {
    await progress.flush().catch(() => {});
    const reason: unknown = controller.signal.aborted ? controller.signal.reason : err;
    if (reason instanceof JobLostError) {
      log(`${task.name} run ${runId}: taken over by another worker, this attempt stops`);
      return { runId, lost: true };
    }
    if (reason instanceof JobCanceledError || (await getRunStatus(runId)) === "canceled") {
      log(`${task.name} run ${runId} canceled`);
      const run = await getRun(runId);
      if (run?.status === "canceled") await task.onCanceled?.(run).catch((e: unknown) => log(`onCanceled failed: ${messageOf(e)}`));
      return { runId, canceled: true };
    }
    const message = messageOf(reason instanceof WorkerShutdownError || reason instanceof JobExpiredError ? reason : err);
    const permanent = err instanceof PermanentJobError || err instanceof ZodError;
    if (permanent || finalAttempt) {
      await finishRun(runId, "failed", { error: message });
      const run = await getRun(runId);
      if (run) await task.onFinalFailure?.(run, message).catch((e: unknown) => log(`onFinalFailure failed: ${messageOf(e)}`));
      log(`${task.name} run ${runId} failed: ${message}`);
      if (permanent) return { runId, failed: message };
      throw reason instanceof Error ? reason : new Error(message);
    }
    await finishRun(runId, "queued", { error: `Attempt ${attempt} failed, will retry: ${message}` });
    log(`${task.name} run ${runId} attempt ${attempt} failed, will retry: ${message}`);
    throw reason instanceof Error ? reason : new Error(message);
  } finally {
    clearInterval(poll);
    clearTimeout(expiry);
    active.delete(job.id);
    settle();
  }
}

export function abortAll(active: Map<string, ActiveJob>, reason: () => Error): void {
  for (const job of active.values()) {
    if (!job.controller.signal.aborted) job.controller.abort(reason());
  }
}

export { WorkerShutdownError };
