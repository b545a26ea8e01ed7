import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { clicks } from "@/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { startServer, type RunningServer } from "@/lib/server/start";
import { createTestDb, TEST_DB } from "../helpers/db";
import { sessionCookie, userWithToken } from "../helpers/http";

// Through the real server (production build): what the custom server and proxy.ts do before any route
// handler runs — client IP from the socket (TRUST_PROXY=0), refusals from headers alone, page headers.

const HAS_BUILD = fs.existsSync(path.join(process.cwd(), ".next/BUILD_ID"));
if (!HAS_BUILD) console.warn("security-server: skipped — it runs the production server and needs `npm run build` first");

let server: RunningServer;
let drop: () => Promise<void>;

/** Sends raw bytes (a lying Content-Length, a malformed path) and resolves with the first response's status line and the elapsed time. */
function raw(request: string, timeoutMs = 10_000): Promise<{ status: number; text: string }> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname, () => socket.write(request));
    let text = "";
    const timer = setTimeout(() => (socket.destroy(), reject(new Error(`no answer within ${timeoutMs} ms`))), timeoutMs);
    socket.on("data", (d) => {
      text += d.toString("latin1");
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (m && text.includes("\r\n\r\n")) {
        clearTimeout(timer);
        socket.destroy();
        resolve({ status: Number(m[1]), text });
      }
    });
    socket.on("error", (e) => (clearTimeout(timer), reject(e)));
  });
}

describe.skipIf(!HAS_BUILD)(`security through the real server (${TEST_DB})`, () => {
  beforeAll(async () => {
    ({ drop } = await createTestDb());
    resetEnvForTests({ WORKER_EMBEDDED: "false", TRUST_PROXY: "0" });
    server = await startServer({ port: 0, host: "127.0.0.1" });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    resetEnvForTests({ WORKER_EMBEDDED: undefined, TRUST_PROXY: undefined });
    await drop?.().catch(() => {}); // the server closed this process's database already
  });

  it("a rotated X-Forwarded-For neither escapes per-IP limits nor is stored as the click's IP", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 24; i++) {
      const r = await fetch(`${server.url}/api/auth/register`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": `10.9.${i}.1` },
        body: JSON.stringify({ email: `xff-${i}@example.com`, name: "X", password: "Lantern-Orbit-42" }),
      });
      statuses.push(r.status);
    }
    // register allows 20 a minute per client IP: all of these come from one socket address.
    expect(statuses.filter((s) => s === 201).length).toBe(20);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429]);
    const click = await fetch(`${server.url}/api/clicks`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": "6.6.6.6", "x-real-ip": "7.7.7.7" },
      body: JSON.stringify({ x: 10, y: 10, timestamp: 0.1, videoId: "XffRotate01", deviceId: "rotating-device-1" }),
    });
    expect(click.status).toBe(201);
    const ips = new Set((await (await getDb()).select({ ip: clicks.ip }).from(clicks)).map((c) => c.ip));
    expect([...ips]).toEqual(["127.0.0.1"]);
  });

  it("answers 401 from the headers to an anonymous 2 GiB admin upload, and 413 to a declared oversize body", async () => {
    const anon = await raw("POST /api/admin/products HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2147483648\r\n\r\n{}");
    expect(anon.status).toBe(401);
    const { user } = await userWithToken("admin");
    const cookie = await sessionCookie(user);
    const big = await raw(`POST /api/admin/products HTTP/1.1\r\nHost: x\r\nCookie: ${cookie}\r\nContent-Type: application/json\r\nContent-Length: 2147483648\r\n\r\n{}`);
    expect(big.status).toBe(413);
  });

  it("malformed percent-encoding in a path is a 400, hostile ids on pages are 404, next-auth's signin with a bare callbackUrl is not a 500", async () => {
    expect((await raw("GET /products/%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n")).status).toBe(400);
    expect((await raw("GET /api/videos/%ZZ HTTP/1.1\r\nHost: x\r\n\r\n")).status).toBe(400);
    for (const p of ["/products/2147483648", "/videos/99999999999", "/products/-1"]) {
      expect((await fetch(`${server.url}${p}`)).status, p).toBe(404);
    }
    const signin = await fetch(`${server.url}/api/auth/signin?callbackUrl=foo`, { redirect: "manual" });
    expect(signin.status).toBeLessThan(500);
    const evil = await fetch(`${server.url}/api/auth/signin?callbackUrl=${encodeURIComponent("https://evil.example/x")}`, { redirect: "manual" });
    expect(evil.status).toBeLessThan(500);
    expect(evil.headers.get("location") ?? "").not.toContain("evil.example");
  });

  it("pages carry a nonce CSP without unsafe-eval, frame-ancestors 'none', nosniff, Referrer-Policy and Permissions-Policy", async () => {
    const r = await fetch(`${server.url}/login`);
    expect(r.status).toBe(200);
    const csp = r.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    expect(r.headers.get("x-frame-options")).toBe("DENY");
    expect(r.headers.get("referrer-policy")).toBeTruthy();
    expect(r.headers.get("permissions-policy")).toContain("camera=()");
    // Next's own inline scripts carry the nonce, so the page still works under the policy.
    const html = await r.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
  });

  it("a shopper gets a real 403 page on /admin", async () => {
    const { user } = await userWithToken("shopper");
    const r = await fetch(`${server.url}/admin`, { headers: { cookie: await sessionCookie(user) }, redirect: "manual" });
    const text = await r.text();
    if (r.status !== 403) console.warn(text.slice(0, 3000));
    expect(r.status).toBe(403);
    expect(text).toContain("This page is for admins");
  });
});
