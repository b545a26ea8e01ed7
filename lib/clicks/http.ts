import { readJson } from "@/lib/api/body";
import { route } from "@/lib/api/route";
import { env } from "@/lib/env";
import { CLICK_BODY_LIMIT, clickBodySchema } from "./schemas";
import { recordClicks } from "./service";

// The one click endpoint: app/api/clicks/route.ts exports these for Next.js, and the server's fast
// path (lib/server/clicks-fast-path.ts) calls the very same functions without Next's router.

// The extension calls from youtube.com (and test origins) with a Bearer token, never with cookies.
export const CLICK_CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "POST, OPTIONS",
  "access-control-allow-headers": "authorization, content-type",
  "access-control-max-age": "600",
};

export function clicksOptions(): Response {
  return new Response(null, { status: 204, headers: CLICK_CORS });
}

/** The route's options, shared with the fast path's native handler (same limit, key and headers). */
export const CLICK_ROUTE = { rateLimit: env().CLICK_RATE_LIMIT_PER_MIN, rateKey: "clicks", headers: CLICK_CORS } as const;

export const clicksPost = route(CLICK_ROUTE, async ({ req, identity, ip }) => {
  const body = await readJson(req, clickBodySchema, CLICK_BODY_LIMIT);
  const list = Array.isArray(body) ? body : [body];
  const results = await recordClicks(list, { identity, ip });
  return Response.json(Array.isArray(body) ? { results } : results[0], { status: 201 });
});
