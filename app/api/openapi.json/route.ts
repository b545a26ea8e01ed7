import { route } from "@/lib/api/route";
import { env } from "@/lib/env";
import { buildOpenApiDocument, type OpenApiDocument } from "@/lib/openapi/document";

export const dynamic = "force-dynamic";

// Built once per process from the zod schemas; without APP_URL the document names no server, so
// clients resolve paths against wherever they fetched it from.
let doc: OpenApiDocument | undefined;

export const GET = route({ access: "public", headers: { "access-control-allow-origin": "*" } }, async () => {
  doc ??= buildOpenApiDocument({ serverUrl: env().APP_URL });
  return Response.json(doc, { headers: { "cache-control": "public, max-age=300" } });
});
