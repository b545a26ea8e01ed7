import { createRun, finishRun, setRunJobId } from "@/db/queries/runs";
import type { AnalysisRun } from "@/db/schema";
import { bossSlot, getBoss } from "./boss";
import { TASK_SPECS, type EnqueuePayload, type TaskName } from "./specs";
import { ensureQueue, workerState } from "./state";
import { taskOptions, type TaskSpec } from "./task";

export type { EnqueuePayload, TaskName } from "./specs";

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
  const spec = (TASK_SPECS as readonly TaskSpec[]).find((t) => t.name === task);
  if (!spec) throw new Error(`Unknown task ${task}`);
  return enqueueTask(spec, payload as Record<string, unknown> & { videoId: number }, opts);
}

/** enqueue() for a task definition in hand (also tasks registered at run time). */
export async function enqueueTask(
  def: TaskSpec,
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
    for (const id of workerState().queues.get(def.name) ?? []) local?.notifyWorker(id);
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
