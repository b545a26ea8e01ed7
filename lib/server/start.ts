import http, { type IncomingMessage, type ServerResponse } from "node:http";
import next from "next";
import { closeDb, getDbHandle, migrate } from "@/db";
import { env } from "@/lib/env";
import { startWorkers } from "@/lib/jobs";
import { resolveClientIp } from "@/lib/security/client-ip";
import { gateRequest } from "@/lib/security/request-gate";
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
  const server = http.createServer((req, res) => {
    if (!admit(req, res, e.TRUST_PROXY, e.MAX_UPLOAD_MB * 1024 * 1024)) return;
    void (isClickRequest(req) ? serveClick(req, res, port) : requestHandler(req, res));
  });
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

/**
 * Runs before anything reads the body: the client IP is resolved once (socket, TRUST_PROXY) and written
 * as the only X-Forwarded-For value, and requests refused from their headers are answered here.
 */
function admit(req: IncomingMessage, res: ServerResponse, trustProxy: number, maxUploadBytes: number): boolean {
  req.headers["x-forwarded-for"] = resolveClientIp(req.socket.remoteAddress, req.headers["x-forwarded-for"], trustProxy);
  delete req.headers["x-real-ip"];
  if (trustProxy === 0) {
    // No proxy is trusted, so a client's claims about the original host and scheme are ignored too.
    delete req.headers["x-forwarded-host"];
    delete req.headers["x-forwarded-proto"];
  }
  const refusal = gateRequest({ method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers }, maxUploadBytes);
  if (!refusal) return true;
  const body = JSON.stringify({ error: { code: refusal.code, message: refusal.message } });
  // Connection: close, so Node does not read an unwanted body to keep the socket alive.
  res.writeHead(refusal.status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), connection: "close" });
  res.end(body, () => req.socket.destroySoon());
  return false;
}
