// npm run seed [-- --password <pw>]: the demo admin and catalogue (idempotent; see lib/seed).
import { closeDb, getDbHandle, migrate } from "@/db";
import { DEMO_ADMIN_PASSWORD, seedDemo } from "@/lib/seed";

function passwordArg(argv: string[]): string | undefined {
  const i = argv.findIndex((a) => a === "--password" || a.startsWith("--password="));
  if (i < 0) return undefined;
  const arg = argv[i]!;
  const value = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[i + 1];
  if (!value || value.startsWith("--")) throw new Error("--password needs a value");
  if (value.length < 8) throw new Error("--password must be at least 8 characters");
  return value;
}

async function main() {
  const password = passwordArg(process.argv.slice(2)) ?? DEMO_ADMIN_PASSWORD;
  const handle = await getDbHandle();
  // PGlite is migrated on open; a PostgreSQL server is migrated here.
  if (handle.kind === "postgres") await migrate(handle);
  try {
    const result = await seedDemo({ password, log: (l) => console.log(`[seed] ${l}`) });
    if (result.admin.password) {
      console.log(`[seed] sign in as ${result.admin.email} with password: ${result.admin.password}`);
    }
  } finally {
    await closeDb();
  }
}

main().catch((e: unknown) => {
  console.error("[seed] failed:", e instanceof Error ? e.message : e);
  process.exit(1);
});
