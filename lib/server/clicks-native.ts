import type { IncomingMessage, ServerResponse } from "node:http";
import { assertJsonContentType, parseJsonText, tooLarge } from "@/lib/api/body";
import { toErrorResponse } from "@/lib/api/errors";
import { enforce } from "@/lib/api/rate-limit";
import { identifyBearer } from "@/lib/auth/identity";
import { CLICK_ROUTE } from "@/lib/clicks/http";
import { parseClickBody } from "@/lib/clicks/parse";
import { CLICK_BODY_LIMIT } from "@/lib/clicks/schemas";
import { recordClicks } from "@/lib/clicks/service";

// POST /api/clicks straight from node:http, for requests without a cookie (the extension and scripts
// send a Bearer token or nothing). It is clicksPost (lib/clicks/http.ts: route() + readJson + zod +
// recordClicks) step for step, in the same order and with the same errors:
//   CSRF (nothing to check without a cookie) → identity (Bearer, 401) → rate limit (429) →
//   Content-Type (415) → size (413) → JSON (400) → unsafe text, schema (422) → recordClicks → 201.
// What it leaves out is the transport: no Web Request, Headers, streams or Response per click.

/** The few request headers the click needs, or undefined when the Web Request path must answer. */
export type ClickHeaders = { authorization: string | null; contentType: string; ip: string };

/**
 * The headers of a POST that the native handler can answer exactly as the route would: none that
 * carries a cookie (session identity and CSRF checks live in route()) and no repeated Authorization or
 * Content-Type (a Web Request joins repeats into one value; node:http keeps the first).
 */
export function clickHeaders(req: IncomingMessage): ClickHeaders | undefined {
  const raw = req.rawHeaders;
  let auth = 0;
  let type = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    // Cheap length filter first: only 6-, 12- and 13-character names can matter.
    if (name.length !== 6 && name.length !== 12 && name.length !== 13) continue;
    const lower = name.toLowerCase();
    if (lower === "cookie") return undefined;
    if (lower === "authorization") auth++;
    else if (lower === "content-type") type++;
  }
  if (auth > 1 || type > 1) return undefined;
  const h = req.headers;
  // The server (start.ts admit()) rewrote X-Forwarded-For to the one client address it resolved.
  const xff = h["x-forwarded-for"];
  const from = typeof xff === "string" ? xff : (req.socket.remoteAddress ?? "");
  const comma = from.indexOf(",");
  return { authorization: h.authorization ?? null, contentType: h["content-type"] ?? "", ip: (comma < 0 ? from : from.slice(0, comma)).trim() || "local" };
}

// The 201's headers as the route's Response gives them (CORS + JSON), in the order its Headers iterate.
const CREATED_HEADERS = Object.fromEntries(Object.entries({ ...CLICK_ROUTE.headers, "content-type": "application/json" }).sort(([a], [b]) => (a < b ? -1 : 1)));

/** Answers one click POST; `body` is undefined when its declared length was already over the limit. */
export async function serveClickNatively(req: IncomingMessage, res: ServerResponse, h: ClickHeaders, body: Buffer | undefined): Promise<void> {
  let out: string;
  try {
    const identity = await identifyBearer(h.authorization);
    enforce(`${CLICK_ROUTE.rateKey}:${identity ? `u${identity.userId}` : `ip${h.ip}`}`, CLICK_ROUTE.rateLimit);
    assertJsonContentType(h.contentType);
    if (body === undefined || body.length > CLICK_BODY_LIMIT) throw tooLarge(CLICK_BODY_LIMIT);
    const parsed = parseClickBody(parseJsonText(body.toString("utf8")));
    const list = Array.isArray(parsed) ? parsed : [parsed];
    const results = await recordClicks(list, { identity, ip: h.ip });
    out = JSON.stringify(Array.isArray(parsed) ? { results } : results[0]);
  } catch (e) {
    return send(res, toErrorResponse(e, CLICK_ROUTE.headers));
  }
  res.writeHead(201, { ...CREATED_HEADERS, "content-length": String(Buffer.byteLength(out)) });
  res.end(out);
}

/** Writes a Web Response to node:http (Content-Length instead of chunked). */
export async function send(res: ServerResponse, out: Response): Promise<void> {
  const body = out.body ? Buffer.from(await out.arrayBuffer()) : undefined;
  const headers: Record<string, string> = {};
  out.headers.forEach((v, k) => (headers[k] = v));
  if (body) headers["content-length"] = String(body.length);
  res.writeHead(out.status, headers);
  res.end(body);
}
