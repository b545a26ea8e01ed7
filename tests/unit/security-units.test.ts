import { describe, expect, it } from "vitest";
import { beforeLoginAttempt, loginFailed, loginSucceeded, resetLoginThrottle } from "@/lib/auth/login-throttle";
import { resetRateLimits } from "@/lib/api/rate-limit";
import { badCallbackCookieResponse, sanitizeAuthRequest } from "@/lib/security/auth-request";
import { resolveClientIp } from "@/lib/security/client-ip";
import { buildCsp } from "@/lib/security/headers";
import { findUnsafeString, parseId } from "@/lib/security/input-guard";
import { gateRequest } from "@/lib/security/request-gate";
import { safeAuthRedirect, safeNextPath } from "@/lib/security/safe-redirect";

describe("safe redirects", () => {
  it("keeps same-origin relative paths and refuses everything that leaves the app", () => {
    expect(safeNextPath("/admin/videos?x=1#t")).toBe("/admin/videos?x=1#t");
    for (const bad of ["/\\127.0.0.1:3301/pwned", "//evil.example", "https://evil.example", "/\t/evil.example", "javascript:alert(1)", "evil", "", "/%5C%5Cevil"]) {
      const out = safeNextPath(bad);
      expect(out === "/" || out.startsWith("/%5C"), bad).toBe(true);
      expect(new URL(out, "http://app.test").origin).toBe("http://app.test");
    }
    expect(safeAuthRedirect("https://evil.example/x", "http://app.test")).toBe("http://app.test");
    expect(safeAuthRedirect("foo", "http://app.test")).toBe("http://app.test");
    expect(safeAuthRedirect("/\\evil", "http://app.test")).toBe("http://app.test");
    expect(safeAuthRedirect("/orders", "http://app.test")).toBe("http://app.test/orders");
    expect(safeAuthRedirect("http://app.test/account", "http://app.test")).toBe("http://app.test/account");
  });
});

describe("client IP", () => {
  it("ignores X-Forwarded-For unless proxies are trusted, and then takes the address before them", () => {
    expect(resolveClientIp("::ffff:10.0.0.5", "6.6.6.6", 0)).toBe("10.0.0.5");
    expect(resolveClientIp("10.0.0.5", "6.6.6.6, 203.0.113.7", 1)).toBe("203.0.113.7");
    expect(resolveClientIp("10.0.0.5", "6.6.6.6, 203.0.113.7, 10.0.0.4", 2)).toBe("203.0.113.7");
    expect(resolveClientIp("10.0.0.5", undefined, 1)).toBe("10.0.0.5");
    expect(resolveClientIp(undefined, undefined, 0)).toBe("local");
  });
});

describe("input guard", () => {
  it("accepts positive int4 ids only", () => {
    expect(parseId("2147483647", "Video")).toBe(2147483647);
    for (const bad of ["2147483648", "0", "-1", "1.5", "1e3", " 1", "", undefined]) expect(() => parseId(bad, "Video")).toThrow("Video not found");
  });
  it("finds NUL bytes and lone surrogates anywhere, accepts paired ones", () => {
    expect(findUnsafeString({ a: ["ok", { b: "x\u0000" }] })).toBe("a.1.b");
    expect(findUnsafeString({ a: "\ud800" })).toBe("a");
    expect(findUnsafeString({ a: "\udc00x" })).toBe("a");
    expect(findUnsafeString({ a: "🎬 ok" })).toBeUndefined();
  });
});

describe("request gate", () => {
  const gate = (method: string, url: string, headers: Record<string, string> = {}) => gateRequest({ method, url, headers }, 100 * 1024 * 1024);
  it("answers from headers: 400 bad encoding, 401 anonymous admin writes, 413 declared oversize", () => {
    expect(gate("GET", "/products/%E0%A4%A")?.status).toBe(400);
    expect(gate("POST", "/api/admin/products", { "content-length": "2147483648" })?.status).toBe(401);
    expect(gate("POST", "/api/admin/products", { "content-length": "2147483648", cookie: "next-auth.session-token=x" })?.status).toBe(413);
    expect(gate("POST", "/api/admin/products", { "content-length": "200", authorization: "Bearer fc_x" })).toBeNull();
    expect(gate("POST", "/api/videos", { "content-length": String(50 * 1024 * 1024), authorization: "Bearer fc_x" })).toBeNull();
    expect(gate("POST", "/api/cart/items", { "content-length": String(10 * 1024 * 1024) })?.status).toBe(413);
    expect(gate("GET", "/api/admin/products")).toBeNull(); // reads are gated by the proxy and the route
  });
});

describe("CSP", () => {
  it("has the nonce, forbids framing, and allows eval only in development", () => {
    const prod = buildCsp("abc", { dev: false });
    expect(prod).toContain("'nonce-abc'");
    expect(prod).toContain("frame-ancestors 'none'");
    expect(prod).not.toContain("unsafe-eval");
    expect(buildCsp("abc", { dev: true })).toContain("'unsafe-eval'");
  });
});

describe("next-auth requests", () => {
  it("turns an invalid callbackUrl (query or cookie) into a safe path and leaves good requests alone", () => {
    const q = sanitizeAuthRequest(new Request("http://app.test/api/auth/signin?callbackUrl=foo"));
    expect(new URL(q.url).searchParams.get("callbackUrl")).toBe("/");
    const bad = badCallbackCookieResponse(new Request("http://app.test/api/auth/session", { headers: { cookie: "a=1; next-auth.callback-url=foo%00" } }));
    expect(bad?.status).toBe(400);
    expect(bad?.headers.get("set-cookie")).toContain("next-auth.callback-url=; Path=/; Max-Age=0");
    expect(badCallbackCookieResponse(new Request("http://app.test/x", { headers: { cookie: "next-auth.callback-url=http%3A%2F%2Fapp.test%2F" } }))).toBeUndefined();
    const fine = new Request("http://app.test/api/auth/signin?callbackUrl=%2Forders");
    expect(sanitizeAuthRequest(fine)).toBe(fine);
  });
});

describe("login throttle", () => {
  it("backs off one e-mail+IP after the free attempts, doubling, and leaves other IPs and a right password alone", () => {
    resetLoginThrottle();
    resetRateLimits();
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) loginFailed("a@x.test", "1.1.1.1", 3, t0);
    expect(() => beforeLoginAttempt("a@x.test", "1.1.1.1", 3, t0)).not.toThrow();
    loginFailed("a@x.test", "1.1.1.1", 3, t0); // 4th failure: 1 s
    expect(() => beforeLoginAttempt("a@x.test", "1.1.1.1", 3, t0 + 500)).toThrow(/wait/);
    expect(() => beforeLoginAttempt("a@x.test", "2.2.2.2", 3, t0 + 500)).not.toThrow();
    loginFailed("a@x.test", "1.1.1.1", 3, t0 + 1000); // 5th: 2 s
    expect(() => beforeLoginAttempt("a@x.test", "1.1.1.1", 3, t0 + 2500)).toThrow(/wait/);
    expect(() => beforeLoginAttempt("a@x.test", "1.1.1.1", 3, t0 + 3001)).not.toThrow();
    loginSucceeded("a@x.test", "1.1.1.1");
    loginFailed("a@x.test", "1.1.1.1", 3, t0 + 4000);
    expect(() => beforeLoginAttempt("a@x.test", "1.1.1.1", 3, t0 + 4000)).not.toThrow();
  });
});
