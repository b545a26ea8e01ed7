import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inArray, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { clicks } from "@/db/schema";
import { pruneExpiredClicks } from "@/lib/clicks/prune";
import { resetEnvForTests } from "@/lib/env";
import { startWorkers, workerStatus } from "@/lib/jobs";
import { getBoss } from "@/lib/jobs/boss";
import { pruneClicksTask } from "@/lib/jobs/prune-clicks";
import { SCHEDULED_TASKS } from "@/lib/jobs/registry";
import { createTestDb, TEST_DB } from "../helpers/db";
import { userWithToken } from "../helpers/http";

// Retention: anonymous devices' raw clicks older than CLICK_RETENTION_DAYS are deleted by the
// prune-clicks job, which pg-boss's timekeeper schedules (hourly) — on PGlite and on PostgreSQL.

const HOUR = 3600_000;
let drop: () => Promise<void>;
let userId: number;

async function addClick(opts: { userId: number | null; ageMs: number; deviceId?: string }): Promise<number> {
  const db = await getDb();
  const [row] = await db
    .insert(clicks)
    .values({
      userId: opts.userId,
      ip: "10.0.0.1",
      deviceId: opts.deviceId ?? (opts.userId === null ? "device-abcdef" : null),
      youtubeId: "PrUnEvIdEo1",
      rawX: 1,
      rawY: 2,
      timestampS: 3,
      createdAt: new Date(Date.now() - opts.ageMs),
    })
    .returning({ id: clicks.id });
  return row!.id;
}

async function existing(ids: number[]): Promise<number[]> {
  const db = await getDb();
  const rows = await db.select({ id: clicks.id }).from(clicks).where(inArray(clicks.id, ids));
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/** Outputs of completed prune-clicks jobs (pg-boss keeps them in its own schema, then archives them). */
async function completedPrunes(): Promise<{ output?: unknown }[]> {
  const db = await getDb();
  const res: unknown = await db.execute(
    sql`select output from pgboss.job where name = 'prune-clicks' and state = 'completed' union all select output from pgboss.archive where name = 'prune-clicks' and state = 'completed'`,
  );
  // postgres.js answers an array of rows, PGlite an object with rows.
  return (Array.isArray(res) ? res : (res as { rows: { output?: unknown }[] }).rows) as { output?: unknown }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  resetEnvForTests({ CLICK_RETENTION_DAYS: "1" });
  ({ drop } = await createTestDb());
  ({ user: { id: userId } } = await userWithToken("shopper"));
});
afterAll(async () => {
  await drop();
  resetEnvForTests({ CLICK_RETENTION_DAYS: undefined });
});

describe(`click retention (${TEST_DB})`, () => {
  it("deletes old anonymous clicks, keeps old signed-in ones and recent anonymous ones", async () => {
    const oldAnon = await addClick({ userId: null, ageMs: 25 * HOUR });
    const veryOldAnon = await addClick({ userId: null, ageMs: 40 * 24 * HOUR });
    const oldUser = await addClick({ userId, ageMs: 40 * 24 * HOUR });
    const recentAnon = await addClick({ userId: null, ageMs: 23 * HOUR });
    const r = await pruneExpiredClicks();
    expect(r.retentionDays).toBe(1);
    expect(r.deleted).toBe(2);
    expect(await existing([oldAnon, veryOldAnon, oldUser, recentAnon])).toEqual([oldUser, recentAnon]);
    // Idempotent: a second run (a retry, or a second worker) finds nothing more.
    expect((await pruneExpiredClicks()).deleted).toBe(0);
  });

  it("follows the configured number of days (here 0.5 days: the 23-hour-old anonymous click goes too)", async () => {
    const recentAnon = await addClick({ userId: null, ageMs: 23 * HOUR });
    const fresh = await addClick({ userId: null, ageMs: 1 * HOUR });
    resetEnvForTests({ CLICK_RETENTION_DAYS: "0.5" });
    try {
      await pruneExpiredClicks();
      expect(await existing([recentAnon, fresh])).toEqual([fresh]);
    } finally {
      resetEnvForTests({ CLICK_RETENTION_DAYS: "1" });
    }
  });

  it("the job is scheduled through pg-boss (hourly) and, when its cron fires, deletes expired clicks", async () => {
    expect(SCHEDULED_TASKS).toContain(pruneClicksTask);
    const oldAnon = await addClick({ userId: null, ageMs: 30 * HOUR });
    const oldUser = await addClick({ userId, ageMs: 30 * HOUR });
    const workers = await startWorkers({ concurrency: 1, pollingIntervalSeconds: 0.5, cronMonitorIntervalSeconds: 1 });
    try {
      const boss = await getBoss();
      expect(workerStatus().queues.map((q) => q.name)).toContain("prune-clicks");
      const schedules = await boss.getSchedules();
      expect(schedules.find((s) => s.name === "prune-clicks")).toMatchObject({ cron: "17 * * * *" });
      // An hour is too long to wait: the same schedule, firing every minute. The timekeeper (checking
      // every second here) sends it within a tick; its send-it worker polls every 5 s.
      await boss.schedule("prune-clicks", "* * * * *", {}, { tz: "UTC", retryLimit: 0, expireInSeconds: 60 });
      const t0 = Date.now();
      while ((await existing([oldAnon])).length > 0) {
        if (Date.now() - t0 > 20_000) throw new Error("the scheduled prune did not run within 20 s");
        await sleep(250);
      }
      expect(await existing([oldAnon, oldUser])).toEqual([oldUser]);
      // The job ran through the queue and left its result there.
      let done: { output?: unknown } | undefined;
      while (!done && Date.now() - t0 < 25_000) {
        done = (await completedPrunes())[0];
        if (!done) await sleep(250);
      }
      expect(done?.output).toMatchObject({ deleted: 1, retentionDays: 1 });
    } finally {
      await workers.stop();
    }
  }, 40_000);
});
