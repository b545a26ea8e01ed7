import { adminToolsDomain } from "./admin-tools";
import { catalogueDomain } from "./catalogue";
import { clicksDomain } from "./clicks";
import { exchangeDomain } from "./exchange";
import type { ApiDomain } from "./common";
import { recordingsLiveDomain } from "./recordings-live";
import { componentSchemas, describeProperties, type JsonSchema } from "./json-schema";
import { errorBodySchema } from "./schemas";
import { shopDomain } from "./shop";
import { studioDomain } from "./studio";
import { studioUndoDomain } from "./studio-undo";
import { systemDomain } from "./system";
import { videosDomain } from "./videos";

export { CLICK_EXAMPLES } from "./clicks";

// The OpenAPI 3.1 document of every route handler under app/api, one file per domain. Bodies and answers
// come from the zod schemas the handlers parse with; only prose is written here.
// tests/unit/openapi-routes.test.ts fails when a handler and the document disagree on method or path.

export const DOMAINS: ApiDomain[] = [clicksDomain, catalogueDomain, shopDomain, videosDomain, studioDomain, studioUndoDomain, exchangeDomain, adminToolsDomain, recordingsLiveDomain, systemDomain];

/** Merges named schemas, refusing a name two domains would both claim. */
function merged<T>(parts: (Record<string, T> | undefined)[], what: string): Record<string, T> {
  const out: Record<string, T> = {};
  for (const part of parts) {
    for (const [k, v] of Object.entries(part ?? {})) {
      if (k in out) throw new Error(`OpenAPI: ${what} ${k} is defined twice`);
      out[k] = v;
    }
  }
  return out;
}

export function buildOpenApiDocument(opts: { serverUrl?: string } = {}) {
  const descriptions = { Error: "The one error shape of every endpoint.", ...merged(DOMAINS.map((d) => d.descriptions), "description") };
  const requestSchemas = componentSchemas(merged(DOMAINS.map((d) => d.requests), "request schema"), "input", descriptions);
  for (const d of DOMAINS) for (const [id, fields] of Object.entries(d.fields ?? {})) describeProperties(requestSchemas[id], fields);
  const responseSchemas = componentSchemas(merged([{ Error: errorBodySchema }, ...DOMAINS.map((d) => d.responses)], "response schema"), "output", descriptions);
  const schemas: Record<string, JsonSchema> = merged([requestSchemas, responseSchemas], "component");
  return {
    openapi: "3.1.0",
    info: {
      title: "Framecart API",
      version: "1.0.0",
      description:
        "Click anything in a video and get the product. The browser extension sends clicks to `POST /api/clicks` with an API token " +
        "created on /account (or anonymously, with a device id). Every accepted click is stored before the answer. Errors always have the shape " +
        '`{ "error": { "code", "message" } }`. Admin endpoints take an admin\'s session cookie or API token.',
    },
    ...(opts.serverUrl ? { servers: [{ url: opts.serverUrl }] } : {}),
    tags: DOMAINS.flatMap((d) => d.tags),
    paths: merged(DOMAINS.map((d) => d.paths), "path"),
    components: {
      schemas,
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "An API token (`fc_…`) created on /account; what the extension sends." },
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: "next-auth.session-token",
          description: "The signed-in browser session (`__Secure-next-auth.session-token` over https).",
        },
      },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
