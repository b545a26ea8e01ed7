import { createTokenSchema } from "@/lib/validations/auth";
import { clickGroupSchema, clickGroupsQuerySchema, exportGroupQuerySchema, exportVideoQuerySchema, originalClickSchema } from "@/lib/clicks/export";
import { CLICK_BODY_LIMIT, clickBodySchema, clickMatchSchema, clickProductSchema, clickResultSchema, clickSchema, MAX_BATCH } from "@/lib/clicks/schemas";
import { publicProductSchema } from "@/lib/catalogue/schemas";
import { componentSchemas, describeProperties, queryParameters, ref } from "./json-schema";
import { clickBatchResultSchema, createdTokenSchema, errorBodySchema, productResponseSchema, tokenListSchema } from "./schemas";
import { SHOP_REQUEST_SCHEMAS, SHOP_RESPONSE_SCHEMAS, shopPaths } from "./shop";
import { z } from "zod";

// The OpenAPI 3.1 document of the public API (clicks, tokens, products) and the admin click exports.
// Bodies and answers come from the zod schemas the handlers parse with; only prose is written here.

/** Bodies a client sends (input side of the schemas). */
const REQUEST_SCHEMAS = { Click: clickSchema, ClickBody: clickBodySchema, CreateTokenRequest: createTokenSchema, ...SHOP_REQUEST_SCHEMAS };
/** What handlers answer (output side). */
const RESPONSE_SCHEMAS = {
  ClickResult: clickResultSchema,
  ClickBatchResult: clickBatchResultSchema,
  ClickMatch: clickMatchSchema,
  ClickProduct: clickProductSchema,
  CreatedToken: createdTokenSchema,
  TokenList: tokenListSchema,
  Product: publicProductSchema,
  ProductResponse: productResponseSchema,
  OriginalClickFile: z.array(originalClickSchema),
  ClickGroups: z.object({ groups: z.array(clickGroupSchema) }),
  Error: errorBodySchema,
  ...SHOP_RESPONSE_SCHEMAS,
};

const DESCRIPTIONS: Record<string, string> = {
  Click: "One click as the extension (and the original system) sends it. Unknown fields are refused.",
  ClickBody: `One click, or a batch of 1–${MAX_BATCH} clicks (answered in input order). Bodies over ${CLICK_BODY_LIMIT / 1024} KiB are refused.`,
  ClickResult: "What a click matched on the frame that was on screen.",
  Error: "The one error shape of every endpoint.",
  OriginalClickFile: "The original system's click file: a JSON list of clicks with x, y as sent.",
};

const CLICK_FIELDS = {
  x: "Horizontal position in CSS pixels of the player (or of the video picture when no player size is sent)",
  y: "Vertical position, same units as x",
  timestamp: "Seconds of video time (the player's currentTime)",
  videoId: "The video id (11 characters), or the watch URL it was taken from (it may carry &list=…&index=…)",
  playerWidth: "Player width in CSS pixels; with playerHeight the point is mapped through YouTube's letterboxing",
  playerHeight: "Player height in CSS pixels (send with playerWidth)",
  videoWidth: "Intrinsic width of the rendition playing (video.videoWidth)",
  videoHeight: "Intrinsic height of the rendition playing (video.videoHeight)",
  deviceId: "A random id the extension keeps per browser; identifies anonymous devices",
};

export const CLICK_EXAMPLES = {
  single: { summary: "One click in player pixels", value: { x: 412, y: 230, timestamp: 5.04, videoId: "dQw4w9WgXcQ", playerWidth: 1280, playerHeight: 720, videoWidth: 1920, videoHeight: 1080, deviceId: "k3J9x2Qm7TzA" } },
  original: { summary: "The original system's body (video id as a watch URL)", value: { x: 100, y: 150, timestamp: 12.5, videoId: "https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG&index=2" } },
  batch: { summary: "A batch", value: [{ x: 10, y: 20, timestamp: 1, videoId: "dQw4w9WgXcQ" }, { x: 30, y: 40, timestamp: 1.5, videoId: "dQw4w9WgXcQ" }] },
};

const json = (schema: object, extra: object = {}) => ({ content: { "application/json": { schema, ...extra } } });
const error = (description: string) => ({ description, ...json(ref("Error")) });
const E = {
  400: error("The body is not valid JSON (malformed_json)"),
  401: error("No valid session or API token (unauthorized), or the token was revoked"),
  403: error("Signed in, but not allowed (forbidden)"),
  404: error("Not found (not_found)"),
  413: error("The body is too large (payload_too_large)"),
  415: error("The body is not JSON (unsupported_media_type)"),
  422: error("The input is invalid (validation_failed); details name each field"),
  429: { ...error("Too many requests (rate_limited)"), headers: { "Retry-After": { description: "Seconds until the window resets", schema: { type: "integer" } } } },
  500: error("Something went wrong on our side (internal); details only in the server log"),
};
const CORS_HEADERS = {
  "Access-Control-Allow-Origin": { schema: { type: "string", const: "*" } },
  "Access-Control-Allow-Methods": { schema: { type: "string" } },
  "Access-Control-Allow-Headers": { schema: { type: "string" } },
};
const idParam = (what: string) => ({ name: "id", in: "path", required: true, description: `The ${what}'s id`, schema: { type: "integer", minimum: 1 } });
const ADMIN = [{ sessionCookie: [] }];

export function buildOpenApiDocument(opts: { serverUrl?: string } = {}) {
  const requestSchemas = componentSchemas(REQUEST_SCHEMAS, "input", DESCRIPTIONS);
  describeProperties(requestSchemas.Click, CLICK_FIELDS);
  const schemas = { ...requestSchemas, ...componentSchemas(RESPONSE_SCHEMAS, "output", DESCRIPTIONS) };
  return {
    openapi: "3.1.0",
    info: {
      title: "Framecart API",
      version: "1.0.0",
      description:
        "Click anything in a video and get the product. The browser extension sends clicks to `POST /api/clicks` with an API token " +
        "created on /account (or anonymously, with a device id). Every accepted click is stored before the answer. Errors always have the shape " +
        '`{ "error": { "code", "message" } }`.',
    },
    ...(opts.serverUrl ? { servers: [{ url: opts.serverUrl }] } : {}),
    tags: [
      { name: "Clicks", description: "What the extension calls" },
      { name: "Tokens", description: "API tokens for the extension, managed from a signed-in session" },
      { name: "Products" },
      { name: "Admin", description: "Click exports (admin session)" },
      { name: "Shop", description: "Cart, checkout and orders (see docs/shop.md)" },
    ],
    paths: {
      ...shopPaths(),
      "/api/clicks": {
        post: {
          tags: ["Clicks"],
          operationId: "postClicks",
          summary: "Send a click (or a batch) and get what was clicked",
          description:
            "Maps the point into the video's pixels (letterboxing removed), finds the frame on screen at `timestamp` (the last frame with pts ≤ t), " +
            "hit-tests the tracked objects on it and answers with the match and products. Clicks on videos not analysed yet are stored as `pending` " +
            "and matched later. Anonymous clicks (no token) are kept for CLICK_RETENTION_DAYS. Rate-limited per token or IP.",
          security: [{}, { bearerAuth: [] }],
          requestBody: { required: true, ...json(ref("ClickBody"), { examples: CLICK_EXAMPLES }) },
          responses: {
            201: {
              description: "Stored (committed) and matched: one ClickResult for a single click, `{ results: [...] }` for a batch",
              headers: CORS_HEADERS,
              ...json({ anyOf: [ref("ClickResult"), ref("ClickBatchResult")] }),
            },
            ...pick(E, 400, 401, 413, 415, 422, 429, 500),
          },
        },
        options: {
          tags: ["Clicks"],
          operationId: "optionsClicks",
          summary: "CORS preflight (the extension calls from youtube.com)",
          security: [{}],
          responses: { 204: { description: "Allowed: POST with Authorization and Content-Type from any origin", headers: CORS_HEADERS } },
        },
      },
      "/api/tokens": {
        get: {
          tags: ["Tokens"],
          operationId: "listTokens",
          summary: "Your API tokens (never the secrets)",
          security: [{ sessionCookie: [] }, { bearerAuth: [] }],
          responses: { 200: { description: "Newest first", ...json(ref("TokenList")) }, ...pick(E, 401, 429) },
        },
        post: {
          tags: ["Tokens"],
          operationId: "createToken",
          summary: "Create an API token (signed-in session only; the /account page does this)",
          description: "The answer carries the token once; paste it into the extension's options. A request authenticated with a token is refused (403).",
          security: [{ sessionCookie: [] }],
          requestBody: { required: true, ...json(ref("CreateTokenRequest"), { example: { name: "Chrome on my laptop" } }) },
          responses: { 201: { description: "Created", ...json(ref("CreatedToken")) }, ...pick(E, 400, 401, 403, 413, 415, 422, 429) },
        },
      },
      "/api/tokens/{id}": {
        delete: {
          tags: ["Tokens"],
          operationId: "revokeToken",
          summary: "Revoke one of your tokens; it stops working at once",
          security: [{ sessionCookie: [] }, { bearerAuth: [] }],
          parameters: [idParam("token")],
          responses: { 204: { description: "Revoked" }, ...pick(E, 401, 404, 429) },
        },
      },
      "/api/products/{id}": {
        get: {
          tags: ["Products"],
          operationId: "getProduct",
          summary: "A product of the shop (active products only)",
          security: [{}],
          parameters: [idParam("product")],
          responses: { 200: { description: "The product", ...json(ref("ProductResponse")) }, ...pick(E, 404, 429) },
        },
      },
      "/api/admin/clicks/export": {
        get: {
          tags: ["Admin"],
          operationId: "exportClickFile",
          summary: "One (user, IP, video)'s clicks in the original system's file format",
          description: 'Downloads as `<user>_<ip>_<videoId>.json` (user id or "anonymous"; every part reduced to A–Z a–z 0–9 . _ -).',
          security: ADMIN,
          parameters: queryParameters(exportGroupQuerySchema, { videoId: "The stored video id", userId: 'A user id, or "anonymous"', ip: "The client IP exactly as stored" }),
          responses: {
            200: { description: "The file", headers: { "Content-Disposition": { schema: { type: "string" } } }, ...json(ref("OriginalClickFile")) },
            ...pick(E, 401, 403, 404, 422, 429),
          },
        },
      },
      "/api/admin/clicks/export.csv": {
        get: {
          tags: ["Admin"],
          operationId: "exportVideoClicksCsv",
          summary: "Every click of a video as CSV (streamed)",
          description: "Columns: id, created_at, user_id, ip, device_id, raw_x, raw_y, x, y, timestamp_s, frame_index, pts_ms, track_id, product_id, confidence, match_state. Text cells starting with = + - @ are prefixed with ' so spreadsheets do not run them.",
          security: ADMIN,
          parameters: queryParameters(exportVideoQuerySchema),
          responses: { 200: { description: "RFC 4180 CSV", content: { "text/csv": { schema: { type: "string" } } } }, ...pick(E, 401, 403, 422, 429) },
        },
      },
      "/api/admin/clicks/groups": {
        get: {
          tags: ["Admin"],
          operationId: "listClickGroups",
          summary: "(user, IP, video) groups with counts and download links, newest first",
          security: ADMIN,
          parameters: queryParameters(clickGroupsQuerySchema),
          responses: { 200: { description: "Groups", ...json(ref("ClickGroups")) }, ...pick(E, 401, 403, 422, 429) },
        },
      },
    },
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

function pick<K extends keyof typeof E>(e: typeof E, ...codes: K[]): Pick<typeof E, K> {
  return Object.fromEntries(codes.map((c) => [c, e[c]])) as Pick<typeof E, K>;
}
