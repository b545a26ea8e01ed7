import { identify, type Identity } from "@/lib/auth/identity";
import { env } from "@/lib/env";
import { checkCsrf } from "@/lib/security/csrf";
import { parseId } from "@/lib/security/input-guard";
import { forbidden, toErrorResponse, unauthorized } from "./errors";
import { enforce } from "./rate-limit";

type Access = "public" | "user" | "admin";

export type RouteOptions<A extends Access = Access> = {
  access?: A;
  /** Requests per minute per identity (user, else client IP); defaults to API_RATE_LIMIT_PER_MIN. */
  rateLimit?: number | false;
  rateKey?: string;
  /** Extra headers on every response, e.g. CORS for the extension. */
  headers?: Record<string, string>;
};

export type RouteContext<P, I = Identity | null> = {
  req: Request;
  params: P;
  identity: I;
  ip: string;
};

type NextCtx = { params: Promise<Record<string, string | string[]>> };

/**
 * The client IP. The custom server (lib/server/start.ts) replaces X-Forwarded-For with the one address
 * it resolved from the socket and TRUST_PROXY, so the first value here is never the client's own claim.
 */
export function clientIp(req: Request): string {
  return req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || "local";
}

/**
 * The one route wrapper: identifies the caller (session cookie or Bearer token), enforces the role
 * and a rate limit, runs the handler, and maps every error to `{ error: { code, message } }`.
 */
export function route<A extends Access = "public", P extends Record<string, string> = Record<string, string>>(
  options: RouteOptions<A>,
  handler: (ctx: RouteContext<P, A extends "public" ? Identity | null : Identity>) => Promise<Response | unknown>,
) {
  const access: Access = options.access ?? "public";
  return async (req: Request, nextCtx?: NextCtx): Promise<Response> => {
    try {
      const ip = clientIp(req);
      checkCsrf(req, env().APP_URL);
      const identity = await identify(req);
      if (access !== "public" && !identity) throw unauthorized();
      if (access === "admin" && identity?.role !== "admin") throw forbidden("Admins only");
      if (options.rateLimit !== false) {
        const who = identity ? `u${identity.userId}` : `ip${ip}`;
        enforce(`${options.rateKey ?? new URL(req.url).pathname}:${who}`, options.rateLimit ?? env().API_RATE_LIMIT_PER_MIN);
      }
      const params = ((await nextCtx?.params) ?? {}) as P;
      const out = await handler({ req, params, identity: identity as Identity, ip });
      const res = out instanceof Response ? out : Response.json(out ?? null);
      for (const [k, v] of Object.entries(options.headers ?? {})) res.headers.set(k, v);
      return res;
    } catch (err) {
      return toErrorResponse(err, options.headers);
    }
  };
}

/** Parses a numeric id from a path parameter (404 when it is not a positive int4). */
export function idParam(value: string | undefined, what: string): number {
  return parseId(value, what);
}
