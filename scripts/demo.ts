// npm run demo — everything a newcomer needs on a fresh machine: build (when missing), migrate, seed the
// demo admin, catalogue and demo video (analysed by the in-process worker), and serve.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { EnvError } from "@/lib/env";

if (!fs.existsSync(".next/BUILD_ID")) {
  console.log("[demo] no production build yet: running `next build` (about a minute)…");
  const r = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

try {
  const { startServer } = await import("@/lib/server/start");
  const { seedDemo, DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } = await import("@/lib/seed");
  const { seedDemoVideo } = await import("@/lib/seed/demo-video");
  const server = await startServer();
  const seeded = await seedDemo({ log: (l) => console.log(`[demo] ${l}`) });
  await seedDemoVideo({ log: (l) => console.log(`[demo] ${l}`) });
  console.log(`\nFramecart is running at ${server.url}`);
  console.log(`Admin: ${DEMO_ADMIN_EMAIL} / ${seeded.admin.created ? DEMO_ADMIN_PASSWORD : "(password unchanged)"}\n`);
  const shutdown = () => void server.close().then(() => process.exit(0));
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
} catch (e) {
  if (e instanceof EnvError) {
    console.error(e.message);
    process.exit(2);
  }
  throw e;
}
