import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as register } from "@/app/api/auth/register/route";
import { GET as listTokens } from "@/app/api/tokens/route";
import { DELETE as revokeToken } from "@/app/api/tokens/[id]/route";
import { getUserByEmail, revokeApiToken } from "@/db/queries/users";
import { authenticate } from "@/lib/auth/accounts";
import { resetRateLimits } from "@/lib/api/rate-limit";
import { resetLoginThrottle } from "@/lib/auth/login-throttle";
import { createTestDb, TEST_DB } from "../helpers/db";
import { call, userWithToken } from "../helpers/http";

let drop: () => Promise<void>;
beforeAll(async () => {
  ({ drop } = await createTestDb());
});
afterAll(async () => drop());
beforeEach(() => {
  resetRateLimits();
  resetLoginThrottle();
});

describe(`accounts API (${TEST_DB})`, () => {
  it("makes the first registered user admin and later ones shoppers", async () => {
    const a = await call(register, "/api/auth/register", { method: "POST", json: { email: "First@Example.com", name: "A", password: "longenough" } });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ user: { email: "first@example.com", role: "admin" } });
    const b = await call(register, "/api/auth/register", { method: "POST", json: { email: "second@example.com", name: "B", password: "longenough" } });
    expect(b.body).toMatchObject({ user: { role: "shopper" } });
    const stored = await getUserByEmail("first@example.com");
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("refuses a duplicate e-mail with 409, case-insensitively", async () => {
    const r = await call(register, "/api/auth/register", { method: "POST", json: { email: "FIRST@example.com", name: "A", password: "longenough" } });
    expect(r.status).toBe(409);
    expect(r.body).toEqual({ error: { code: "conflict", message: expect.stringContaining("already exists") } });
  });

  it("answers malformed JSON with 400, wrong types with 422, unknown fields with 422, huge bodies with 413", async () => {
    const bad = await call(register, "/api/auth/register", { method: "POST", body: "{nope", headers: { "content-type": "application/json" } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: "malformed_json" } });
    const types = await call(register, "/api/auth/register", { method: "POST", json: { email: 5, name: [], password: true } });
    expect(types.status).toBe(422);
    const paths = new Set((types.body as { error: { details: { path: string }[] } }).error.details.map((d) => d.path));
    expect([...paths].sort()).toEqual(["email", "name", "password"]);
    const extra = await call(register, "/api/auth/register", { method: "POST", json: { email: "x@y.zz", name: "x", password: "longenough", role: "admin" } });
    expect(extra.status).toBe(422);
    const huge = await call(register, "/api/auth/register", { method: "POST", json: { email: "x@y.zz", name: "x".repeat(20_000), password: "longenough" } });
    expect(huge.status).toBe(413);
    expect(JSON.stringify(huge.body)).not.toContain("at ");
  });

  it("rejects a wrong password and rate-limits repeated attempts", async () => {
    expect(await authenticate("first@example.com", "longenough", "1.1.1.1")).toMatchObject({ role: "admin" });
    expect(await authenticate("first@example.com", "wrong-password", "1.1.1.1")).toBeNull();
    expect(await authenticate("nobody@example.com", "whatever", "1.1.1.1")).toBeNull();
    let limited = false;
    for (let i = 0; i < 15 && !limited; i++) {
      limited = await authenticate("first@example.com", "wrong", "1.1.1.1").then(
        () => false,
        (e: { code?: string; kind?: string }) => e.code === "rate_limited" || e.kind === "rate_limited",
      );
    }
    expect(limited).toBe(true);
  });

  it("accepts a valid Bearer token and refuses it once revoked", async () => {
    const { token, tokenId, user } = await userWithToken("shopper");
    const ok = await call(listTokens, "/api/tokens", { token });
    expect(ok.status).toBe(200);
    expect(JSON.stringify(ok.body)).not.toContain("token_hash");
    expect(JSON.stringify(ok.body)).not.toContain(token);
    const wrong = await call(revokeToken, "/api/tokens/999999", { method: "DELETE", token, params: { id: "999999" } });
    expect(wrong.status).toBe(404);
    // Revoked through the API: the identity cache forgets it at once, so the very next request is refused.
    const revoked = await call(revokeToken, `/api/tokens/${tokenId}`, { method: "DELETE", token, params: { id: String(tokenId) } });
    expect(revoked.status).toBe(204);
    const after = await call(listTokens, "/api/tokens", { token });
    expect(after.status).toBe(401);
    expect(await revokeApiToken(user.id, tokenId)).toBe(false);
    const garbage = await call(listTokens, "/api/tokens", { token: "fc_not-a-real-token" });
    expect(garbage.status).toBe(401);
    const none = await call(listTokens, "/api/tokens");
    expect(none.status).toBe(401);
  });
});
