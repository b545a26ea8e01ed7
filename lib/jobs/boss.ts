import type { PGlite } from "@electric-sql/pglite";
import PgBoss from "pg-boss";
import { getDbHandle } from "@/db";
import { isTestRun } from "@/lib/env";

export type BossOptions = {
  /** How often this process runs pg-boss maintenance (expiring jobs of crashed workers, archiving). */
  maintenanceIntervalSeconds?: number;
  /** How often idle workers poll for jobs (pg-boss minimum 0.5 s). */
  pollingIntervalSeconds?: number;
  /** How often pg-boss's timekeeper checks cron schedules (1–45 s; pg-boss default 30). */
  cronMonitorIntervalSeconds?: number;
};

/** pg-boss's `db` option over PGlite: multi-statement SQL (no values) goes through exec, the rest through query. */
export function pgliteBossDb(client: PGlite): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (values && values.length > 0) {
        const res = await client.query(text, values);
        return { rows: res.rows as unknown[] };
      }
      const results = await client.exec(text);
      // pg-boss reads rows only from single statements; for scripts the last result with rows wins.
      const withRows = results.filter((r) => r.rows.length > 0);
      return { rows: (withRows[withRows.length - 1]?.rows ?? []) as unknown[] };
    },
  };
}

export type BossSlot = { boss?: PgBoss; starting?: Promise<PgBoss>; pollingIntervalSeconds: number };

// Kept on globalThis: Next.js bundles its own copy of this module beside the one scripts/start.ts loads,
// and both must share one queue client (PGlite allows a single opener).
const KEY = Symbol.for("framecart.jobs.boss");
export function bossSlot(): BossSlot {
  const g = globalThis as unknown as Record<symbol, BossSlot | undefined>;
  g[KEY] ??= { pollingIntervalSeconds: 2 };
  return g[KEY];
}

/** This process's started pg-boss, on the same database as getDbHandle(); created on first use. */
export async function getBoss(opts: BossOptions = {}): Promise<PgBoss> {
  const s = bossSlot();
  if (s.boss) return s.boss;
  s.starting ??= (async () => {
    const handle = await getDbHandle();
    const common = {
      schema: "pgboss",
      // The timekeeper sends scheduled jobs (prune-clicks); one tick per cluster, on PGlite too.
      schedule: true,
      cronMonitorIntervalSeconds: opts.cronMonitorIntervalSeconds ?? 30,
      supervise: true,
      migrate: true,
      maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds ?? 30,
      monitorStateIntervalSeconds: 60,
    };
    const boss =
      handle.kind === "postgres"
        ? new PgBoss({ ...common, connectionString: handle.url, max: 4, application_name: "framecart-jobs" })
        : new PgBoss({ ...common, db: pgliteBossDb(handle.client) });
    boss.on("error", (err: Error) => {
      if (!isTestRun()) console.error("[jobs] queue error:", err.message);
    });
    await boss.start();
    s.pollingIntervalSeconds = opts.pollingIntervalSeconds ?? 2;
    s.boss = boss;
    return boss;
  })();
  try {
    return await s.starting;
  } finally {
    s.starting = undefined;
  }
}

/** Stops this process's pg-boss (its own pool on PostgreSQL; the shared PGlite stays open). */
export async function stopBoss(): Promise<void> {
  const s = bossSlot();
  const boss = s.boss;
  s.boss = undefined;
  if (boss) await boss.stop({ graceful: false, close: true, wait: true });
}
