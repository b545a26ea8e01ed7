import type PgBoss from "pg-boss";
import { z } from "zod";
import { pruneExpiredClicks } from "@/lib/clicks/prune";
import { isTestRun } from "@/lib/env";

// Maintenance work on a cron schedule: no video, no analysis run, so not a TaskDef. pg-boss's
// timekeeper (on in every process, see boss.ts) sends one job per tick for the whole cluster — on
// PostgreSQL and on PGlite alike — and any worker process takes it. If a second scheduled task
// comes along, ScheduledTask and startScheduledTasks belong in task.ts.

export type ScheduledTask = {
  /** Queue name (kebab-case, unique). */
  name: string;
  /** Five-field cron, UTC. */
  cron: string;
  /** Retries of a failed run (the next tick comes anyway). */
  retryLimit: number;
  expireInSeconds: number;
  /** Returns what pg-boss keeps as the job's output; throws to retry. */
  run(data: unknown): Promise<object>;
};

export const pruneClicksPayload = z.object({ retentionDays: z.number().min(0).optional() }).strict();

/** Hourly: deletes anonymous devices' raw clicks older than CLICK_RETENTION_DAYS. */
export const pruneClicksTask: ScheduledTask = {
  name: "prune-clicks",
  cron: "17 * * * *",
  retryLimit: 2,
  expireInSeconds: 15 * 60,
  async run(data) {
    const { retentionDays } = pruneClicksPayload.parse(data ?? {});
    const r = await pruneExpiredClicks({ retentionDays });
    if (!isTestRun()) console.log(`[jobs] prune-clicks: deleted ${r.deleted} anonymous click(s) older than ${r.cutoff.toISOString()}`);
    return { deleted: r.deleted, cutoff: r.cutoff.toISOString(), retentionDays: r.retentionDays };
  },
};

/** Creates each task's queue and schedule (an upsert), and works the queue here; returns queue → worker ids. */
export async function startScheduledTasks(
  boss: PgBoss,
  tasks: readonly ScheduledTask[],
  opts: { pollingIntervalSeconds: number },
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const task of tasks) {
    await boss.createQueue(task.name);
    await boss.schedule(task.name, task.cron, {}, { tz: "UTC", retryLimit: task.retryLimit, retryDelay: 60, expireInSeconds: task.expireInSeconds });
    const id = await boss.work<unknown>(task.name, { batchSize: 1, pollingIntervalSeconds: opts.pollingIntervalSeconds }, async ([job]) =>
      job ? task.run(job.data) : undefined,
    );
    out.set(task.name, [id]);
  }
  return out;
}
