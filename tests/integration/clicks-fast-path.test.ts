import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { OPTIONS, POST } from "@/app/api/clicks/route";
import { getDb } from "@/db";
import { revokeApiToken } from "@/db/queries/users";
import { clicks } from "@/db/schema";
import { resetRateLimits } from "@/lib/api/rate-limit";
import { TOKEN_CACHE_TTL_MS } from "@/lib/auth/identity";
import { resetEnvForTests } from "@/lib/env";
import { startServer, type RunningServer } from "@/lib/server/start";
import { createTestDb, TEST_DB } from "../helpers/db";
import { call, userWithToken } from "../helpers/http";

// POST/OPTIONS /api/clicks are answered by the custom server's fast path (lib/server/clicks-fast-path.ts),
// not by Next's router. Through the real server (production build), every answer must equal what the
// route handler gives when Next calls it: status, error body, CORS, rate limit, identity, stored row.

const HAS_BUILD = fs.existsSync(path.join(process.cwd(), ".next/BUILD_ID"));
if (!HAS_BUILD) console.warn("clicks-fast-path: skipped — it runs the production server and needs `npm run build` first");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: RunningServer;
let drop: () => Promise<void>;
let token: string;

const click = (over: Record<string, unknown> = {}) => ({ x: 120, y: 200, timestamp: 0.01, videoId: "FaStPaTh001", deviceId: "fast-path-device", ...over });

async function viaServer(init: { method?: string; body?: string; headers?: Record<string, string>; token?: string }) {
  const headers: Record<string, string> = { ...(init.body !== undefined ? { "content-type": "application/json" } : {}), ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const res = await fetch(`${server.url}/api/clicks`, { method: init.method ?? "POST", headers, body: init.body });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null, res };
}

async function viaRoute(init: { body?: string; headers?: Record<string, string>; token?: string }) {
  const headers = { ...(init.body !== undefined ? { "content-type": "application/json" } : {}), "x-forwarded-for": "127.0.0.1", ...init.headers };
  return call(POST, "/api/clicks", { method: "POST", body: init.body, headers, token: init.token });
}

const CORS = ["access-control-allow-origin", "access-control-allow-methods", "access-control-allow-headers", "access-control-max-age"];
const cors = (h: Headers) => CORS.map((k) => h.get(k));

describe.skipIf(!HAS_BUILD)(`click fast path through the real server (${TEST_DB})`, () => {
  beforeAll(async () => {
    ({ drop } = await createTestDb());
    // One trusted proxy hop: a forwarded address counts (security-server.test.ts checks the default, 0).
    resetEnvForTests({ WORKER_EMBEDDED: "false", TRUST_PROXY: "1" });
    server = await startServer({ port: 0, host: "127.0.0.1" });
    ({ token } = await userWithToken("shopper"));
  }, 120_000);
  afterAll(async () => {
    // The server closes this process's database (PGlite: the handle createTestDb opened) on the way out.
    await server?.close();
    await drop?.().catch(() => {});
    resetEnvForTests({ TRUST_PROXY: undefined });
  });
  beforeEach(() => resetRateLimits());

  it("a click: 201 with the route's answer shape and CORS, the row stored with the socket's address as IP", async () => {
    const fast = await viaServer({ body: JSON.stringify(click()), token });
    const direct = await viaRoute({ body: JSON.stringify(click()), token });
    expect(fast.status).toBe(201);
    expect(direct.status).toBe(201);
    const strip = (b: unknown) => ({ ...(b as Record<string, unknown>), clickId: 0 });
    expect(strip(fast.body)).toEqual(strip(direct.body));
    expect(cors(fast.res.headers)).toEqual(cors(direct.res.headers));
    expect(fast.res.headers.get("content-type")).toBe(direct.res.headers.get("content-type"));
    const db = await getDb();
    const [row] = await db.select().from(clicks).where(eq(clicks.id, (fast.body as { clickId: number }).clickId));
    expect(row).toMatchObject({ ip: "127.0.0.1", deviceId: "fast-path-device", youtubeId: "FaStPaTh001", rawX: 120, matchState: "pending" });
    expect(row?.userId).not.toBeNull();
    const fwd = await viaServer({ body: JSON.stringify(click()), headers: { "x-forwarded-for": "203.0.113.9" } });
    const [row2] = await db.select().from(clicks).where(eq(clicks.id, (fwd.body as { clickId: number }).clickId));
    expect(row2).toMatchObject({ ip: "203.0.113.9", userId: null });
    const batch = await viaServer({ body: JSON.stringify([click(), click({ x: 1 }), click({ x: 2 })]) });
    expect(batch.status).toBe(201);
    const ids = (batch.body as { results: { clickId: number }[] }).results.map((r) => r.clickId);
    const stored = await Promise.all(ids.map(async (id) => (await db.select().from(clicks).where(eq(clicks.id, id)))[0]?.rawX));
    expect(stored).toEqual([120, 1, 2]);
  });

  it("every error is the route's own: status, body and CORS", async () => {
    const big = JSON.stringify([click({ videoId: "x".repeat(400) })].concat(Array.from({ length: 120 }, () => click({ videoId: "y".repeat(300) }))));
    const cases: { name: string; body?: string; headers?: Record<string, string>; token?: string }[] = [
      { name: "malformed JSON", body: "{x:1" },
      { name: "NaN-ish", body: JSON.stringify(click({ x: -1 })) },
      { name: "unknown field", body: JSON.stringify(click({ z: 1 })) },
      { name: "bad video id", body: JSON.stringify(click({ videoId: "!!" })) },
      { name: "too large", body: big },
      { name: "wrong type", body: "x=1", headers: { "content-type": "application/x-www-form-urlencoded" } },
      { name: "unknown token", body: JSON.stringify(click()), token: "fc_not-a-real-token" },
      { name: "empty", body: "" },
    ];
    for (const c of cases) {
      const fast = await viaServer(c);
      const direct = await viaRoute(c);
      expect(fast.status, c.name).toBe(direct.status);
      expect(fast.status, c.name).toBeGreaterThanOrEqual(400);
      expect(fast.body, c.name).toEqual(direct.body);
      expect(cors(fast.res.headers), c.name).toEqual(cors(direct.res.headers));
    }
    // A body over the limit sent without a length (chunked) is refused as well.
    const chunked = await fetch(`${server.url}/api/clicks`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode(big)), c.close()) }),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it("the preflight, other methods (still Next's), and the rate limit with Retry-After", async () => {
    const fast = await viaServer({ method: "OPTIONS", headers: { origin: "https://www.youtube.com", "access-control-request-method": "POST" } });
    const direct = OPTIONS();
    expect(fast.status).toBe(204);
    expect(cors(fast.res.headers)).toEqual(cors(direct.headers));
    expect((await fetch(`${server.url}/api/clicks`)).status).toBe(405);
    let limited: Awaited<ReturnType<typeof viaServer>> | undefined;
    for (let i = 0; i < 700 && !limited; i++) {
      const r = await viaServer({ body: JSON.stringify(click({ x: -5 })), headers: { "x-forwarded-for": "198.51.100.7" } });
      if (r.status === 429) limited = r;
      else expect(r.status).toBe(422);
    }
    expect(limited?.body).toMatchObject({ error: { code: "rate_limited" } });
    expect(Number(limited?.res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited?.res.headers.get("access-control-allow-origin")).toBe("*");
  }, 60_000);

  it(`a revoked token stops working within the identity cache's ${TOKEN_CACHE_TTL_MS} ms`, async () => {
    const { token: t, tokenId, user } = await userWithToken("shopper");
    expect((await viaServer({ body: JSON.stringify(click()), token: t })).status).toBe(201);
    await revokeApiToken(user.id, tokenId);
    const revokedAt = Date.now();
    let status = 201;
    while (status === 201 && Date.now() - revokedAt < TOKEN_CACHE_TTL_MS + 2_000) {
      status = (await viaServer({ body: JSON.stringify(click()), token: t })).status;
      if (status === 201) await sleep(100);
    }
    const tookMs = Date.now() - revokedAt;
    expect(status).toBe(401);
    expect(tookMs).toBeLessThanOrEqual(TOKEN_CACHE_TTL_MS + 300);
    // The cache is only for valid tokens: the next request after that still answers 401.
    expect((await viaServer({ body: JSON.stringify(click()), token: t })).status).toBe(401);
    // Revoked through the API (served by Next, a separate copy of the modules): the cache is shared
    // through globalThis, so the fast path refuses the very next click.
    const second = await userWithToken("shopper");
    expect((await viaServer({ body: JSON.stringify(click()), token: second.token })).status).toBe(201);
    const del = await fetch(`${server.url}/api/tokens/${second.tokenId}`, { method: "DELETE", headers: { authorization: `Bearer ${second.token}` } });
    expect(del.status).toBe(204);
    expect((await viaServer({ body: JSON.stringify(click()), token: second.token })).status).toBe(401);
  }, 30_000);
});
