import { and, inArray, lt } from "drizzle-orm";
import { getDb } from "@/db";
import { finishRun, getRun, listStaleRuns, releaseStaleRun } from "@/db/queries/runs";
import { env } from "@/lib/env";
import { analysisRuns } from "@/db/schema";
import { getBoss } from "./boss";
import { getTask } from "./registry";

const GRACE_MS = 30_000;

/**
 * Closes runs that no job will ever finish: their pg-boss job failed for good (for example a worker
 * was killed on the last attempt and the job expired), was canceled, or is gone. Without this such a
 * run would show "running" forever.
 */
export async function reconcileRuns(opts: { graceMs?: number; staleMs?: number } = {}): Promise<number> {
  await rescueStaleRuns(opts.staleMs ?? env().JOB_STALE_SECONDS * 1000);
  const db = await getDb();
  const open = await db
    .select({ id: analysisRuns.id, jobId: analysisRuns.jobId, params: analysisRuns.params })
    .from(analysisRuns)
    .where(and(inArray(analysisRuns.status, ["queued", "running"]), lt(analysisRuns.createdAt, new Date(Date.now() - (opts.graceMs ?? GRACE_MS)))));
  if (open.length === 0) return 0;
  const boss = await getBoss();
  let closed = 0;
  for (const r of open) {
    const task = typeof r.params.task === "string" ? getTask(r.params.task) : undefined;
    let why: string | undefined;
    if (!task) why = "Its task is not known to this version of the worker";
    else if (!r.jobId) why = "Its job was never queued";
    else {
      const job = await boss.getJobById(task.name, r.jobId, { includeArchive: true });
      if (!job) why = "Its job disappeared from the queue";
      else if (job.state === "failed") why = "The worker running it stopped (crashed or timed out) and no retry was left";
      else if (job.state === "cancelled") why = "Its job was canceled";
      else if (job.state === "completed") why = "Its job ended without reporting a result";
    }
    if (why && (await finishRun(r.id, "failed", { error: why }))) {
      closed++;
      const run = await getRun(r.id);
      if (run && task?.onFinalFailure) await task.onFinalFailure(run, why).catch(() => {});
    }
  }
  return closed;
}

/**
 * Runs whose worker fell silent (SIGKILL, OOM, a lost machine or container) would otherwise wait for
 * pg-boss's expiry (hours for an analysis). Their job is failed now, so pg-boss retries it on a live
 * worker (or fails it for good on the last attempt, which the pass above then closes).
 */
export async function rescueStaleRuns(staleMs: number): Promise<number> {
  const before = new Date(Date.now() - staleMs);
  const stale = await listStaleRuns(before);
  if (stale.length === 0) return 0;
  const boss = await getBoss();
  let rescued = 0;
  for (const r of stale) {
    const task = typeof r.params.task === "string" ? getTask(r.params.task) : undefined;
    if (!task || !r.jobId) continue;
    const why = `The worker running it (${r.worker ?? "unknown"}) stopped responding; retried on another worker`;
    if (!(await releaseStaleRun(r.id, r.worker, before, why))) continue;
    await boss.fail(task.name, r.jobId, { error: why });
    rescued++;
  }
  return rescued;
}
