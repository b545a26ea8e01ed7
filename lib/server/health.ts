import { sql } from "drizzle-orm";
import { getDbHandle } from "@/db";
import { env } from "@/lib/env";
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
  const worker = workerProbe ? await timed(workerProbe) : { ok: !env().workerEmbedded, detail: "no worker in this process", ms: 0 };
  return { ok: database.ok && store.ok, database, storage: store, worker, paymentMode: env().paymentMode };
}

let workerProbe: (() => Promise<string | undefined>) | undefined;

/** The job module tells health how to describe the worker running in this process. */
export function registerWorkerProbe(fn: () => Promise<string | undefined>): void {
  workerProbe = fn;
}
