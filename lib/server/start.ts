import http from "node:http";
import next from "next";
import { closeDb, getDbHandle, migrate } from "@/db";
import { env } from "@/lib/env";
import { startWorkers } from "@/lib/jobs";
import { isClickRequest, serveClick } from "./clicks-fast-path";

export type RunningServer = { url: string; close: () => Promise<void> };

/**
 * One process serves Next.js and (in embedded mode) runs the job worker; the database is opened once
 * here and shared with the route handlers through db/index.ts.
 */
export async function startServer(opts: { port?: number; host?: string; dev?: boolean } = {}): Promise<RunningServer> {
  const e = env();
  const host = opts.host ?? e.HOST;
  const handle = await getDbHandle();
  await migrate(handle);
  const workers = e.workerEmbedded ? await startWorkers({ concurrency: e.WORKER_CONCURRENCY }) : undefined;

  const app = next({ dev: opts.dev ?? false, dir: process.cwd(), hostname: host, port: opts.port ?? e.PORT });
  await app.prepare();
  const requestHandler = app.getRequestHandler();
  let port = opts.port ?? e.PORT;
  // Clicks (the hot path) are answered by the route's own handlers without Next's router.
  const server = http.createServer((req, res) => void (isClickRequest(req) ? serveClick(req, res, port) : requestHandler(req, res)));
  await new Promise<void>((resolve) => server.listen(opts.port ?? e.PORT, host, resolve));
  const addr = server.address();
  port = typeof addr === "object" && addr ? addr.port : e.PORT;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
      await workers?.stop();
      await app.close();
      await closeDb();
    })());
  return { url: `http://${host}:${port}`, close };
}
