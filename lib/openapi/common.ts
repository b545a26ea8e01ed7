import { queryParameters, ref, type NamedSchemas } from "./json-schema";

// Building blocks shared by the per-domain path files: content, the error responses (every one is the
// Error envelope of lib/api/errors.ts), who may call, path parameters.

export { queryParameters, ref };

/** What one domain file adds to the document. */
export type ApiDomain = {
  /** Bodies a client sends (documented from the schemas' input side). */
  requests?: NamedSchemas;
  /** What handlers answer (output side). */
  responses?: NamedSchemas;
  descriptions?: Record<string, string>;
  /** Descriptions of request components' properties (the zod schemas carry none). */
  fields?: Record<string, Record<string, string>>;
  tags: { name: string; description?: string }[];
  paths: Record<string, Record<string, object>>;
};

export const json = (schema: object, extra: object = {}) => ({ content: { "application/json": { schema, ...extra } } });
/** A required JSON request body from a named component. */
export const body = (id: string, extra: object = {}) => ({ requestBody: { required: true, ...json(ref(id), extra) } });
/** A 2xx answer with a JSON body from a named component. */
export const ok = (description: string, id: string) => ({ description, ...json(ref(id)) });
/** A 2xx answer that is a file or a stream, not JSON. */
export const file = (description: string, types: string[], headers: Record<string, object> = {}) => ({
  description,
  ...(Object.keys(headers).length ? { headers } : {}),
  content: Object.fromEntries(types.map((t) => [t, { schema: { type: "string", contentMediaType: t } }])),
});
/** Response headers, all strings unless a schema is given. */
export const headers = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, description]) => [k, { description, schema: { type: "string" } }]));

const error = (description: string) => ({ description, ...json(ref("Error")) });
export const E = {
  400: error("Malformed JSON or a bad request (malformed_json, bad_request)"),
  401: error("No valid session or API token (unauthorized), or the token was revoked"),
  403: error("Signed in, but not allowed (forbidden)"),
  404: error("Not found (not_found)"),
  409: error("The current state refuses it (conflict); the message says why in words"),
  413: error("The body is too large (payload_too_large)"),
  415: error("The body has the wrong content type (unsupported_media_type)"),
  422: error("The input is invalid (validation_failed); details name each field"),
  429: { ...error("Too many requests (rate_limited)"), headers: { "Retry-After": { description: "Seconds until the window resets", schema: { type: "integer" } } } },
  500: error("Something went wrong on our side (internal); details only in the server log"),
};
export type ErrorStatus = keyof typeof E;

export function errors(...codes: ErrorStatus[]): Partial<typeof E> {
  return Object.fromEntries(codes.map((c) => [c, E[c]]));
}
/** The errors every admin route can give, plus `more`. */
export const adminErrors = (...more: ErrorStatus[]) => errors(401, 403, 429, 500, ...more);
/** The errors of an admin route that reads a JSON body, plus `more`. */
export const adminBodyErrors = (...more: ErrorStatus[]) => adminErrors(400, 413, 415, 422, ...more);

export const SECURITY = {
  /** No credentials needed (a session or token is still read when sent). */
  anyone: [{}],
  /** Anonymous (cookie cart) or signed in. */
  shopper: [{}, { sessionCookie: [] }, { bearerAuth: [] }],
  user: [{ sessionCookie: [] }, { bearerAuth: [] }],
  /** An admin's session, or an admin's API token (the proxy lets Bearer requests through to the handler's check). */
  admin: [{ sessionCookie: [] }, { bearerAuth: [] }],
};

/** A path parameter; numeric ids by default. */
export const pathParam = (name: string, description: string, schema: object = { type: "integer", minimum: 1 }) => ({ name, in: "path", required: true, description, schema });
export const idParam = (what: string) => pathParam("id", `The ${what}'s id`);
