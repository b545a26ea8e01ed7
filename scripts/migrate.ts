// npm run db:migrate — applies the committed drizzle migrations to DATABASE_URL or the embedded PGlite.
import { closeDb, getDbHandle, migrate } from "@/db";
import { env } from "@/lib/env";

const handle = await getDbHandle();
await migrate(handle);
console.log(`migrations applied (${handle.kind}${env().DATABASE_URL ? "" : ` at ${env().pgliteDir}`})`);
await closeDb();
