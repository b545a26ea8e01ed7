import { randomBytes } from "node:crypto";
import { migrate, openPglite, openPostgres, setDbHandle, type DbHandle } from "@/db";

/** Which database the integration suite runs on: PGlite by default, PostgreSQL with TEST_DB=postgres. */
export const TEST_DB = process.env.TEST_DB === "postgres" ? "postgres" : "pglite";
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or a new PostgreSQL database
 * created on the server and dropped afterwards. It becomes this process's database.
 */
export async function createTestDb(): Promise<{ handle: DbHandle; url?: string; drop: () => Promise<void> }> {
  if (TEST_DB === "pglite") {
    const handle = await openPglite();
    await migrate(handle);
    setDbHandle(handle);
    return { handle, drop: async () => { setDbHandle(undefined); await handle.close(); } };
  }
  const name = `framecart_t_${randomBytes(6).toString("hex")}`;
  const admin = await openPostgres(ADMIN_URL, 1);
  if (admin.kind !== "postgres") throw new Error("unreachable");
  await admin.client.unsafe(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const handle = await openPostgres(url.toString(), 5);
  await migrate(handle);
  setDbHandle(handle);
  return {
    handle,
    url: url.toString(),
    drop: async () => {
      setDbHandle(undefined);
      await handle.close();
      await admin.client.unsafe(`drop database if exists ${name} with (force)`);
      await admin.close();
    },
  };
}
