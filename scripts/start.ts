// npm start — the production server (needs `npm run build` first) plus the embedded job worker.
import fs from "node:fs";
import { startServer } from "@/lib/server/start";
import { EnvError } from "@/lib/env";

if (!fs.existsSync(".next/BUILD_ID")) {
  console.error("No production build found. Run `npm run build` first (or `npm run demo`, which builds when needed).");
  process.exit(1);
}

try {
  const server = await startServer();
  console.log(`Framecart is running at ${server.url}`);
  const shutdown = (sig: string) => {
    console.log(`${sig}: finishing running jobs and closing…`);
    server.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
} catch (e) {
  if (e instanceof EnvError) {
    console.error(e.message);
    process.exit(2);
  }
  throw e;
}
