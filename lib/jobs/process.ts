import { closeDb, getDbHandle, migrate } from "@/db";
import { env, EnvError } from "@/lib/env";
import { startWorkers, type WorkerOptions } from "./index";

/**
 * A standalone worker process (`npm run worker`): PostgreSQL only, any number of them side by side.
 * SIGTERM/SIGINT drain: no new jobs are taken, running ones get `drainTimeoutMs` to finish, the rest
 * are interrupted and retried by another worker. A second signal exits at once.
 */
export async function runWorkerProcess(opts: WorkerOptions = {}): Promise<void> {
  let url: string | undefined;
  try {
    url = env().DATABASE_URL;
  } catch (e) {
    if (e instanceof EnvError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  if (!url) {
    console.error(
      "npm run worker needs DATABASE_URL (a PostgreSQL database shared with the web server).\n" +
        "Without it Framecart uses the embedded PGlite database, which allows one process: `npm start`\n" +
        "then runs the worker inside the server and no separate worker is needed.",
    );
    process.exit(2);
  }
  await migrate(await getDbHandle());
  const workers = await startWorkers(opts);
  console.log(`[worker] ready (pid ${process.pid})`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      console.error(`[worker] ${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    console.log(`[worker] ${signal}: finishing running jobs…`);
    workers
      .stop()
      .then(() => closeDb())
      .then(
        () => {
          console.log("[worker] stopped");
          process.exit(0);
        },
        (e: unknown) => {
          console.error("[worker] error while stopping", e);
          process.exit(1);
        },
      );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}
