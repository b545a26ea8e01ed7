import type { IncomingMessage, ServerResponse } from "node:http";
import { toErrorResponse } from "@/lib/api/errors";
import { clicksOptions, clicksPost } from "@/lib/clicks/http";
import { CLICK_BODY_LIMIT } from "@/lib/clicks/schemas";
import { clickHeaders, send, serveClickNatively } from "./clicks-native";

// POST and OPTIONS /api/clicks skip Next.js's router (about half the CPU of a click). A POST without a
// cookie (the extension, scripts: a Bearer token or nobody) is answered by clicks-native.ts straight
// from node:http — the same checks in the same order as the route, without Web Request/Response
// objects; anything else runs exactly the handlers app/api/clicks/route.ts exports, on a Web Request
// built the way Next builds one.

const PATH = "/api/clicks";

/** True when this request is the click endpoint's, which the fast path answers. */
export function isClickRequest(req: IncomingMessage): boolean {
  if (req.method !== "POST" && req.method !== "OPTIONS") return false;
  const url = req.url ?? "";
  return url === PATH || url.startsWith(`${PATH}?`);
}

/** Reads at most limit + 1 bytes (enough for the handler to refuse an oversized body) and discards the rest. */
function readCapped(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks, Math.min(size, limit + 1)));
    };
    req.on("data", (c: Buffer) => {
      if (done) return;
      chunks.push(c);
      size += c.length;
      if (size > limit) finish();
    });
    req.on("end", finish);
    req.on("error", (e) => (done ? undefined : ((done = true), reject(e))));
  });
}

/** The request as Next.js hands it to a route handler: same headers, incl. the x-forwarded-* it adds. */
function toWebRequest(req: IncomingMessage, body: Buffer | undefined, port: number): Request {
  const headers = new Headers();
  // Forwarding headers come from req.headers, which the server rewrote (client IP resolved with TRUST_PROXY).
  const rewritten = new Set(["x-forwarded-for", "x-real-ip", "x-forwarded-host", "x-forwarded-proto"]);
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] as string;
    if (!rewritten.has(name.toLowerCase())) headers.append(name, req.rawHeaders[i + 1] as string);
  }
  for (const name of rewritten) {
    const v = req.headers[name];
    if (typeof v === "string") headers.set(name, v);
  }
  const host = req.headers.host ?? `localhost:${port}`;
  if (!headers.has("x-forwarded-host")) headers.set("x-forwarded-host", host);
  if (!headers.has("x-forwarded-port")) headers.set("x-forwarded-port", String(port));
  if (!headers.has("x-forwarded-proto")) headers.set("x-forwarded-proto", "http");
  if (!headers.has("x-forwarded-for") && req.socket.remoteAddress) headers.set("x-forwarded-for", req.socket.remoteAddress);
  return new Request(`http://${host}${req.url ?? PATH}`, { method: req.method, headers, body: body && new Uint8Array(body) });
}

/** Answers POST/OPTIONS /api/clicks with the route's own handlers. */
export async function serveClick(req: IncomingMessage, res: ServerResponse, port: number): Promise<void> {
  try {
    if (req.method === "OPTIONS") {
      req.resume();
      return await send(res, clicksOptions());
    }
    const declared = Number(req.headers["content-length"] ?? "NaN");
    // A declared oversize body is refused from its header by the handler; none of it is read.
    const body = Number.isFinite(declared) && declared > CLICK_BODY_LIMIT ? undefined : await readCapped(req, CLICK_BODY_LIMIT);
    req.resume();
    const h = clickHeaders(req);
    if (h) return await serveClickNatively(req, res, h, body);
    await send(res, await clicksPost(toWebRequest(req, body, port)));
  } catch (e) {
    if (!res.headersSent) await send(res, toErrorResponse(e)).catch(() => res.destroy());
    else res.destroy();
  }
}
