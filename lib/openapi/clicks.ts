import { z } from "zod";
import { clickGroupSchema, clickGroupsQuerySchema, exportGroupQuerySchema, exportVideoQuerySchema, originalClickSchema } from "@/lib/clicks/export";
import { CLICK_BODY_LIMIT, clickBodySchema, clickMatchSchema, clickProductSchema, clickResultSchema, clickSchema, MAX_BATCH } from "@/lib/clicks/schemas";
import { createTokenSchema } from "@/lib/validations/auth";
import { body, errors, file, idParam, json, ok, queryParameters, ref, SECURITY, type ApiDomain } from "./common";
import { clickBatchResultSchema, createdTokenSchema, tokenListSchema } from "./schemas";

// What the extension calls (clicks, with API tokens) and the admin click exports.

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

const CORS_HEADERS = {
  "Access-Control-Allow-Origin": { schema: { type: "string", const: "*" } },
  "Access-Control-Allow-Methods": { schema: { type: "string" } },
  "Access-Control-Allow-Headers": { schema: { type: "string" } },
};
const TAG = ["Clicks"];
const ADMIN_TAG = ["Admin: clicks"];

export const clicksDomain: ApiDomain = {
  tags: [
    { name: "Clicks", description: "What the extension calls, and the API tokens it sends (managed from a signed-in session)" },
    { name: "Admin: clicks", description: "Click exports" },
  ],
  requests: { Click: clickSchema, ClickBody: clickBodySchema, CreateTokenRequest: createTokenSchema },
  responses: {
    ClickResult: clickResultSchema,
    ClickBatchResult: clickBatchResultSchema,
    ClickMatch: clickMatchSchema,
    ClickProduct: clickProductSchema,
    CreatedToken: createdTokenSchema,
    TokenList: tokenListSchema,
    OriginalClickFile: z.array(originalClickSchema),
    ClickGroups: z.object({ groups: z.array(clickGroupSchema) }),
  },
  descriptions: {
    Click: "One click as the extension (and the original system) sends it. Unknown fields are refused.",
    ClickBody: `One click, or a batch of 1–${MAX_BATCH} clicks (answered in input order). Bodies over ${CLICK_BODY_LIMIT / 1024} KiB are refused.`,
    ClickResult: "What a click matched on the frame that was on screen.",
    OriginalClickFile: "The original system's click file: a JSON list of clicks with x, y as sent.",
  },
  fields: { Click: CLICK_FIELDS },
  paths: {
    "/api/clicks": {
      post: {
        tags: TAG,
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
          ...errors(400, 401, 413, 415, 422, 429, 500),
        },
      },
      options: {
        tags: TAG,
        operationId: "optionsClicks",
        summary: "CORS preflight (the extension calls from youtube.com)",
        security: SECURITY.anyone,
        responses: { 204: { description: "Allowed: POST with Authorization and Content-Type from any origin", headers: CORS_HEADERS } },
      },
    },
    "/api/tokens": {
      get: {
        tags: TAG,
        operationId: "listTokens",
        summary: "Your API tokens (never the secrets)",
        security: SECURITY.user,
        responses: { 200: ok("Newest first", "TokenList"), ...errors(401, 429) },
      },
      post: {
        tags: TAG,
        operationId: "createToken",
        summary: "Create an API token (signed-in session only; the /account page does this)",
        description: "The answer carries the token once; paste it into the extension's options. A request authenticated with a token is refused (403).",
        security: [{ sessionCookie: [] }],
        ...body("CreateTokenRequest", { example: { name: "Chrome on my laptop" } }),
        responses: { 201: ok("Created", "CreatedToken"), ...errors(400, 401, 403, 413, 415, 422, 429) },
      },
    },
    "/api/tokens/{id}": {
      delete: {
        tags: TAG,
        operationId: "revokeToken",
        summary: "Revoke one of your tokens; it stops working at once",
        security: SECURITY.user,
        parameters: [idParam("token")],
        responses: { 204: { description: "Revoked" }, ...errors(401, 404, 429) },
      },
    },
    "/api/admin/clicks/export": {
      get: {
        tags: ADMIN_TAG,
        operationId: "exportClickFile",
        summary: "One (user, IP, video)'s clicks in the original system's file format",
        description: 'Downloads as `<user>_<ip>_<videoId>.json` (user id or "anonymous"; every part reduced to A–Z a–z 0–9 . _ -).',
        security: SECURITY.admin,
        parameters: queryParameters(exportGroupQuerySchema, { videoId: "The stored video id", userId: 'A user id, or "anonymous"', ip: "The client IP exactly as stored" }),
        responses: {
          200: { description: "The file", headers: { "Content-Disposition": { schema: { type: "string" } } }, ...json(ref("OriginalClickFile")) },
          ...errors(401, 403, 404, 422, 429),
        },
      },
    },
    "/api/admin/clicks/export.csv": {
      get: {
        tags: ADMIN_TAG,
        operationId: "exportVideoClicksCsv",
        summary: "Every click of a video as CSV (streamed)",
        description:
          "Columns: id, created_at, user_id, ip, device_id, raw_x, raw_y, x, y, timestamp_s, frame_index, pts_ms, track_id, product_id, confidence, match_state. Text cells starting with = + - @ are prefixed with ' so spreadsheets do not run them.",
        security: SECURITY.admin,
        parameters: queryParameters(exportVideoQuerySchema),
        responses: { 200: file("RFC 4180 CSV", ["text/csv"]), ...errors(401, 403, 422, 429) },
      },
    },
    "/api/admin/clicks/groups": {
      get: {
        tags: ADMIN_TAG,
        operationId: "listClickGroups",
        summary: "(user, IP, video) groups with counts and download links, newest first",
        security: SECURITY.admin,
        parameters: queryParameters(clickGroupsQuerySchema),
        responses: { 200: ok("Groups", "ClickGroups"), ...errors(401, 403, 422, 429) },
      },
    },
  },
};
