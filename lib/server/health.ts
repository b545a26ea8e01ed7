import { sql } from "drizzle-orm";
import { getDbHandle } from "@/db";
import { env } from "@/lib/env";
import { workerStatus } from "@/lib/jobs";
import { storage } from "@/lib/storage";

type Check = { ok: boolean; detail?: string; ms: number };

async function timed(fn: () => Promise<string | undefined>): Promise<Check> {
  const t0 = performance.now();
  try {
    const detail = await fn();
    return { ok: true, detail, ms: Math.round(performance.now() - t0) };
  } catch (e) {
    return { ok: false, detail: e instanceof Error ? e.message : "failed", ms: Math.round(performance.now() - t0) };
  }
}

/** DB, storage and worker status for /api/health; the worker part is registered by the job module. */
export async function healthReport() {
  const database = await timed(async () => {
    const h = await getDbHandle();
    await h.db.execute(sql`select 1`);
    return h.kind;
  });
  const store = await timed(async () => {
    await storage().check();
    return storage().kind;
  });
  const w = workerStatus();
  // Without an embedded worker, standalone `npm run worker` processes do the jobs; this process can't see them.
  const worker = env().workerEmbedded
    ? { ok: w.running && !w.stopping, mode: "embedded", activeJobs: w.activeJobs, queues: w.queues.map((q) => q.name) }
    : { ok: true, mode: "external", activeJobs: 0, queues: [] };
  return { ok: database.ok && store.ok && worker.ok, database, storage: store, worker, paymentMode: env().paymentMode };
}
