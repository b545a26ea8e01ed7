import { readJson } from "@/lib/api/body";
import { route } from "@/lib/api/route";
import { CLICK_BODY_LIMIT, clickBodySchema } from "@/lib/clicks/schemas";
import { recordClicks } from "@/lib/clicks/service";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

// The extension calls from youtube.com (and test origins) with a Bearer token, never with cookies.
const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "POST, OPTIONS",
  "access-control-allow-headers": "authorization, content-type",
  "access-control-max-age": "600",
};

export function OPTIONS() {
  return new Response(null, { status: 204, headers: CORS });
}

export const POST = route({ rateLimit: env().CLICK_RATE_LIMIT_PER_MIN, rateKey: "clicks", headers: CORS }, async ({ req, identity, ip }) => {
  const body = await readJson(req, clickBodySchema, CLICK_BODY_LIMIT);
  const list = Array.isArray(body) ? body : [body];
  const results = await recordClicks(list, { identity, ip });
  return Response.json(Array.isArray(body) ? { results } : results[0], { status: 201 });
});
