import { z } from "zod";
import type { SessionUser } from "@/lib/auth/accounts";
import type { healthReport } from "@/lib/server/health";
import type { WebhookOutcome } from "@/lib/shop/webhook";
import { registerSchema } from "@/lib/validations/auth";
import { body, errors, headers, json, ok, pathParam, SECURITY, type ApiDomain } from "./common";
import type { Same } from "./schemas";

// Accounts, the service's own endpoints (health, this document) and the Stripe webhook.

const check = z.object({ ok: z.boolean(), detail: z.string().optional(), ms: z.number() });
const Health = z.object({
  ok: z.boolean().meta({ description: "Database, storage and (embedded) worker all fine" }),
  database: check,
  storage: check,
  worker: z.object({ ok: z.boolean(), mode: z.string().meta({ description: "embedded: jobs run in this process; external: `npm run worker` processes" }), activeJobs: z.number().int(), queues: z.array(z.string()) }),
  paymentMode: z.enum(["stripe", "demo"]),
});
const User = z.object({ id: z.number().int(), email: z.string(), name: z.string(), role: z.enum(["shopper", "admin"]) });
const status = z.enum(["pending", "paid", "shipped", "delivered", "failed", "refunded", "canceled"]);
const outcomes = z.union([
  z.object({ outcome: z.literal("duplicate") }),
  z.object({ outcome: z.literal("ignored"), status }),
  z.object({ outcome: z.literal("moved"), from: status, status, stockShort: z.boolean() }),
  z.object({ outcome: z.literal("unhandled") }),
  z.object({ outcome: z.literal("recorded") }),
]);
const WebhookAnswer = z.intersection(z.object({ received: z.literal(true), id: z.string().meta({ description: "The event id" }) }), outcomes);

// Fail to compile when an answer and its documented schema part ways.
export const systemAnswersMatch: [Same<z.infer<typeof Health>, Awaited<ReturnType<typeof healthReport>>>, Same<z.infer<typeof User>, SessionUser>, Same<z.infer<typeof outcomes>, WebhookOutcome>] = [
  true,
  true,
  true,
];

const TAG = ["Accounts and service"];

export const systemDomain: ApiDomain = {
  tags: [{ name: "Accounts and service", description: "Registration, sign-in (next-auth), health, this document, the Stripe webhook" }],
  requests: { RegisterRequest: registerSchema },
  responses: { Health, UserResponse: z.object({ user: User }), WebhookAnswer },
  descriptions: { RegisterRequest: "The first user, and the user with ADMIN_EMAIL, become admins." },
  paths: {
    "/api/health": {
      get: {
        tags: TAG,
        operationId: "health",
        summary: "Database, storage and worker status (for load balancers and monitors)",
        security: SECURITY.anyone,
        responses: { 200: ok("All fine", "Health"), 503: ok("Something is down: the same report, `ok: false`", "Health") },
      },
    },
    "/api/openapi.json": {
      get: {
        tags: TAG,
        operationId: "openapi",
        summary: "This document (OpenAPI 3.1), built from the handlers' zod schemas",
        security: SECURITY.anyone,
        responses: { 200: { description: "The document", headers: headers({ "Access-Control-Allow-Origin": "*" }), ...json({ type: "object" }) }, ...errors(429) },
      },
    },
    "/api/auth/register": {
      post: {
        tags: TAG,
        operationId: "register",
        summary: "Create an account (then sign in through next-auth's credentials provider)",
        security: SECURITY.anyone,
        ...body("RegisterRequest", { example: { email: "pat@example.com", name: "Pat", password: "correct horse battery" } }),
        responses: { 201: ok("Created", "UserResponse"), ...errors(400, 409, 413, 415, 422, 429) },
      },
    },
    "/api/auth/{nextauth}": {
      get: {
        tags: TAG,
        operationId: "nextAuthGet",
        summary: "next-auth's own endpoints: session, csrf, providers, signin, signout, callback/credentials",
        description: "Served by next-auth 4 (not the API wrapper); see its REST API documentation. Sessions are JWT cookies (`next-auth.session-token`).",
        security: SECURITY.anyone,
        parameters: [pathParam("nextauth", "The next-auth action, possibly with a provider: `session`, `csrf`, `providers`, `signin`, `signout`, `callback/credentials`", { type: "string" })],
        responses: { 200: { description: "JSON for session, csrf and providers; HTML otherwise" }, 302: { description: "A redirect (pages are under /login)" } },
      },
      post: {
        tags: TAG,
        operationId: "nextAuthPost",
        summary: "Sign in (`callback/credentials`: csrfToken, email, password as a form) or sign out (`signout`)",
        description: "Served by next-auth 4. Logins are rate-limited per e-mail and per IP (LOGIN_RATE_LIMIT_PER_MIN).",
        security: SECURITY.anyone,
        parameters: [pathParam("nextauth", "The next-auth action: `callback/credentials` or `signout`", { type: "string" })],
        requestBody: {
          required: true,
          content: { "application/x-www-form-urlencoded": { schema: { type: "object", properties: { csrfToken: { type: "string" }, email: { type: "string" }, password: { type: "string" }, callbackUrl: { type: "string" } } } } },
        },
        responses: { 200: { description: "JSON `{ url }` when asked with `json=true`" }, 302: { description: "Where to go next; sets or clears the session cookie" } },
      },
    },
    "/api/webhooks/stripe": {
      post: {
        tags: TAG,
        operationId: "stripeWebhook",
        summary: "Stripe → us: checkout and refund events move orders (docs/shop.md)",
        description: "The signature (Stripe-Signature, STRIPE_WEBHOOK_SECRET) is verified on the raw body before anything is parsed or stored. Each event is processed once.",
        security: SECURITY.anyone,
        parameters: [{ name: "Stripe-Signature", in: "header", required: true, description: "Stripe's signature of the raw body", schema: { type: "string" } }],
        requestBody: { required: true, content: { "application/json": { schema: { type: "object", description: "A Stripe event" } } } },
        responses: {
          200: ok("Received", "WebhookAnswer"),
          400: errors(400)[400],
          404: { ...errors(404)[404], description: "Webhooks are not configured (no STRIPE_WEBHOOK_SECRET)" },
          ...errors(413, 500),
        },
      },
    },
  },
};
