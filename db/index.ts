import fs from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { Sql } from "postgres";
import { env } from "@/lib/env";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** One open database: drizzle on top, and the raw client for the few things that need it (job queue). */
export type DbHandle =
  | { kind: "pglite"; db: Db; client: PGlite; close: () => Promise<void> }
  | { kind: "postgres"; db: Db; client: Sql; url: string; close: () => Promise<void> };

export const MIGRATIONS_DIR = path.join(process.cwd(), "db", "migrations");

export async function openPglite(dataDir?: string): Promise<DbHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const client = dataDir ? new PGlite(dataDir) : new PGlite();
  await client.waitReady;
  const db = drizzle(client, { schema }) as unknown as Db;
  return { kind: "pglite", db, client, close: () => client.close() };
}

export async function openPostgres(url: string, max = env().DATABASE_POOL_MAX): Promise<DbHandle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const client = postgres(url, { max, onnotice: () => {} });
  const db = drizzle(client, { schema }) as unknown as Db;
  return { kind: "postgres", db, client, url, close: () => client.end({ timeout: 5 }) };
}

export async function migrate(handle: DbHandle): Promise<void> {
  if (handle.kind === "pglite") {
    const { migrate: run } = await import("drizzle-orm/pglite/migrator");
    const { drizzle } = await import("drizzle-orm/pglite");
    await run(drizzle(handle.client), { migrationsFolder: MIGRATIONS_DIR });
  } else {
    const { migrate: run } = await import("drizzle-orm/postgres-js/migrator");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    // Several workers may start at once: one migrates, the others wait on the advisory lock. A
    // one-connection client keeps the lock and the migration on the same session.
    const { default: postgres } = await import("postgres");
    const single = postgres(handle.url, { max: 1, onnotice: () => {} });
    try {
      await single`select pg_advisory_lock(727001)`;
      await run(drizzle(single), { migrationsFolder: MIGRATIONS_DIR });
      await single`select pg_advisory_unlock(727001)`;
    } finally {
      await single.end({ timeout: 5 });
    }
  }
}

// One handle per process, kept on globalThis so the copy of this module bundled into Next.js and the
// copy loaded by scripts/start.ts share it (PGlite allows a single opener per data directory).
const KEY = Symbol.for("framecart.db");
type Slot = { handle?: DbHandle; opening?: Promise<DbHandle> };
function slot(): Slot {
  const g = globalThis as unknown as Record<symbol, Slot | undefined>;
  g[KEY] ??= {};
  return g[KEY];
}

export async function getDbHandle(): Promise<DbHandle> {
  const s = slot();
  if (s.handle) return s.handle;
  s.opening ??= (async () => {
    const e = env();
    const handle = e.DATABASE_URL ? await openPostgres(e.DATABASE_URL) : await openPglite(e.pgliteDir);
    if (handle.kind === "pglite") await migrate(handle);
    s.handle = handle;
    return handle;
  })();
  try {
    return await s.opening;
  } finally {
    s.opening = undefined;
  }
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

/** Installs an already-open handle as this process's database (tests, start-up). */
export function setDbHandle(handle: DbHandle | undefined): void {
  slot().handle = handle;
}

export async function closeDb(): Promise<void> {
  const s = slot();
  const h = s.handle;
  s.handle = undefined;
  if (h) await h.close();
}

export { schema };
