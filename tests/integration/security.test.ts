import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as products from "@/app/api/admin/products/route";
import * as product from "@/app/api/admin/products/[id]/route";
import * as nextAuth from "@/app/api/auth/[...nextauth]/route";
import * as register from "@/app/api/auth/register/route";
import * as items from "@/app/api/cart/items/route";
import * as checkout from "@/app/api/checkout/route";
import * as orderApi from "@/app/api/orders/[publicId]/route";
import * as tokens from "@/app/api/tokens/route";
import { insertClicks } from "@/db/queries/clicks";
import { cartLines, getUserCartRow } from "@/db/queries/cart";
import { resetRateLimits } from "@/lib/api/rate-limit";
import { authenticate } from "@/lib/auth/accounts";
import { resetLoginThrottle } from "@/lib/auth/login-throttle";
import { declineDemo, payDemo } from "@/lib/shop/orders";
import { createTestDb, TEST_DB } from "../helpers/db";
import { call, sessionCookie, userWithToken } from "../helpers/http";
import { makeProduct, orderRow } from "./shop-helpers";

let drop: () => Promise<void>;
beforeAll(async () => {
  ({ drop } = await createTestDb());
});
afterAll(async () => drop());
beforeEach(() => {
  resetRateLimits();
  resetLoginThrottle();
});

const ORIGIN = "http://localhost";

describe(`CSRF on cookie-authenticated writes (${TEST_DB})`, () => {
  it("refuses text/plain and cross-origin posts made with the admin's cookie; same-origin JSON and Bearer still work", async () => {
    const { user, token } = await userWithToken("admin");
    const cookie = await sessionCookie(user);
    const body = JSON.stringify({ sku: "csrf-1", name: "Planted", price: 1 });
    const plain = await call(products.POST, "/api/admin/products", { method: "POST", body, headers: { cookie, "content-type": "text/plain" } });
    expect(plain.status).toBe(415);
    const form = await call(products.POST, "/api/admin/products", { method: "POST", body, headers: { cookie, "content-type": "application/x-www-form-urlencoded" } });
    expect(form.status).toBe(415);
    const cross = await call(products.POST, "/api/admin/products", { method: "POST", body, headers: { cookie, "content-type": "application/json", origin: "http://127.0.0.1:3301" } });
    expect(cross.status).toBe(403);
    const sameSite = await call(products.POST, "/api/admin/products", { method: "POST", body, headers: { cookie, "content-type": "application/json", "sec-fetch-site": "same-site" } });
    expect(sameSite.status).toBe(403);
    expect((await call(products.GET, "/api/admin/products?q=csrf-1", { token })).body).toMatchObject({ products: [] });
    const own = await call(products.POST, "/api/admin/products", { method: "POST", body, headers: { cookie, "content-type": "application/json", origin: ORIGIN, "sec-fetch-site": "same-origin" } });
    expect(own.status).toBe(201);
    // Bearer clients (the extension, scripts) stay cross-origin.
    const bearer = await call(products.POST, "/api/admin/products", { method: "POST", token, json: { sku: "csrf-2", name: "B", price: 1 }, headers: { origin: "chrome-extension://abc" } });
    expect(bearer.status).toBe(201);
  });

  it("a no-cors cross-site request cannot change a shopper's cart", async () => {
    const mug = await makeProduct({ stock: 5 });
    const first = await call(items.POST, "/api/cart/items", { method: "POST", json: { productId: mug.id, quantity: 1 } });
    const cartId = /fc_cart=([^;]+)/.exec(first.res.headers.get("set-cookie") ?? "")?.[1];
    expect(cartId).toBeTruthy();
    const cookie = `fc_cart=${cartId}`;
    const r = await call(items.POST, "/api/cart/items", { method: "POST", body: JSON.stringify({ productId: mug.id, quantity: 3 }), headers: { cookie, "content-type": "text/plain", origin: "http://evil.example" } });
    expect(r.status).toBe(415);
    const r2 = await call(items.POST, "/api/cart/items", { method: "POST", json: { productId: mug.id, quantity: 3 }, headers: { cookie, origin: "http://evil.example" } });
    expect(r2.status).toBe(403);
    expect((await cartLines(cartId!)).map((l) => l.quantity)).toEqual([1]);
  });
});

describe(`hostile input (${TEST_DB})`, () => {
  it("ids beyond int4 are 404, not a database error", async () => {
    const { token } = await userWithToken("admin");
    for (const id of ["2147483648", "99999999999999999999", "-1", "1e3", "0x10"]) {
      const r = await call(product.GET, `/api/admin/products/${id}`, { token, params: { id } });
      expect(r.status, id).toBe(404);
    }
  });

  it("NUL bytes and lone surrogates in strings are refused with 422", async () => {
    const { token, user } = await userWithToken("admin");
    const cookie = await sessionCookie(user);
    const nul = await call(register.POST, "/api/auth/register", { method: "POST", json: { email: "nul@example.com", name: "a\u0000b", password: "Xq7!long-enough" } });
    expect(nul.status).toBe(422);
    const surrogate = await call(tokens.POST, "/api/tokens", { method: "POST", headers: { cookie }, json: { name: "bad \ud800 name" } });
    expect(surrogate.status).toBe(422);
    const productName = await call(products.POST, "/api/admin/products", { method: "POST", token, json: { sku: "nul-1", name: "x\u0000", price: 1 } });
    expect(productName.status).toBe(422);
  });
});

describe(`next-auth with a hostile callback cookie (${TEST_DB})`, () => {
  it("answers 400 and clears the cookie instead of next-auth's 500", async () => {
    const req = new Request("http://localhost/api/auth/session", { headers: { cookie: "next-auth.callback-url=foo%00" } });
    const r = await nextAuth.GET(req, { params: Promise.resolve({ nextauth: ["session"] }) });
    expect(r.status).toBe(400);
    expect(r.headers.get("set-cookie")).toContain("Max-Age=0");
  });
});

describe(`login throttling (${TEST_DB})`, () => {
  it("an attacker's wrong passwords from one IP do not lock the owner out from theirs", async () => {
    await call(register.POST, "/api/auth/register", { method: "POST", json: { email: "owner@example.com", name: "O", password: "Xq7!long-enough" } });
    let limited = 0;
    for (let i = 0; i < 20; i++) {
      await authenticate("owner@example.com", `wrong-${i}`, "203.0.113.9").catch((e: { kind?: string }) => {
        if (e.kind === "rate_limited") limited += 1;
      });
    }
    expect(limited).toBeGreaterThan(0); // the attacker is slowed down…
    expect(await authenticate("owner@example.com", "Xq7!long-enough", "198.51.100.7")).toMatchObject({ email: "owner@example.com" });
  });
});

describe(`passwords (${TEST_DB})`, () => {
  it("refuses all-whitespace and common passwords, accepts a decent one", async () => {
    const reg = (password: string, email: string) => call(register.POST, "/api/auth/register", { method: "POST", json: { email, name: "P", password } });
    expect((await reg("        ", "spaces@example.com")).status).toBe(422);
    expect((await reg("password123", "common@example.com")).status).toBe(422);
    expect((await reg("qwertyuiop", "common2@example.com")).status).toBe(422);
    expect((await reg("short", "short@example.com")).status).toBe(422);
    expect((await reg("Lantern-Orbit-42", "fine@example.com")).status).toBe(201);
  });
});

describe(`orders privacy (${TEST_DB})`, () => {
  type Placed = { order: { publicId: string } };
  async function anonOrder(email: string) {
    const p = await makeProduct({ stock: 5 });
    const added = await call(items.POST, "/api/cart/items", { method: "POST", json: { productId: p.id, quantity: 1 } });
    const cookie = `fc_cart=${/fc_cart=([^;]+)/.exec(added.res.headers.get("set-cookie") ?? "")?.[1]}`;
    const placed = (await call(checkout.POST, "/api/checkout", { method: "POST", json: { email }, headers: { cookie } })).body as Placed;
    return { publicId: placed.order.publicId, cookie, cartCookie: cookie.slice("fc_cart=".length) };
  }

  it("an anonymous order's link shows the e-mail masked, and only the buyer's session can pay or decline", async () => {
    const o = await anonOrder("buyer.person@example.com");
    const stranger = await call(orderApi.GET, `/api/orders/${o.publicId}`, { params: { publicId: o.publicId } });
    expect(stranger.status).toBe(200);
    expect(JSON.stringify(stranger.body)).not.toContain("buyer.person@");
    expect(stranger.body).toMatchObject({ order: { email: "b***@example.com" } });
    await expect(declineDemo(o.publicId, { userId: null, role: null, cartCookie: undefined })).rejects.toMatchObject({ kind: "forbidden" });
    await expect(payDemo(o.publicId, { userId: null, role: null, cartCookie: "someone-elses-cart-cookie" })).rejects.toMatchObject({ kind: "forbidden" });
    expect(await orderRow(o.publicId)).toMatchObject({ status: "pending" });
    expect(await declineDemo(o.publicId, { userId: null, role: null, cartCookie: o.cartCookie })).toMatchObject({ outcome: "moved", status: "failed" });
  });

  it("a signed-in buyer's order is visible to that buyer and admins only", async () => {
    const buyer = await userWithToken("shopper");
    const other = await userWithToken("shopper");
    const admin = await userWithToken("admin");
    const p = await makeProduct({ stock: 5 });
    await call(items.POST, "/api/cart/items", { method: "POST", token: buyer.token, json: { productId: p.id, quantity: 1 } });
    const placed = (await call(checkout.POST, "/api/checkout", { method: "POST", token: buyer.token, json: {} })).body as Placed;
    const id = placed.order.publicId;
    const get = (token?: string) => call(orderApi.GET, `/api/orders/${id}`, { token, params: { publicId: id } });
    expect((await get(buyer.token)).status).toBe(200);
    expect((await get(admin.token)).status).toBe(200);
    expect((await get(other.token)).status).toBe(404);
    expect((await get()).status).toBe(404);
    await expect(payDemo(id, { userId: other.user.id, role: "shopper", cartCookie: undefined })).rejects.toMatchObject({ kind: "not_found" });
  });

  it("a cart line cannot cite another user's click", async () => {
    const alice = await userWithToken("shopper");
    const mallory = await userWithToken("shopper");
    const p = await makeProduct({ stock: 5 });
    const [aliceClick] = await insertClicks([{ ip: "127.0.0.1", youtubeId: "secClick001", userId: alice.user.id, rawX: 0.5, rawY: 0.5, timestampS: 1 }]);
    const [malloryClick] = await insertClicks([{ ip: "127.0.0.1", youtubeId: "secClick001", userId: mallory.user.id, rawX: 0.5, rawY: 0.5, timestampS: 1 }]);
    const r = await call(items.POST, "/api/cart/items", { method: "POST", token: mallory.token, json: { productId: p.id, quantity: 1, clickId: aliceClick } });
    expect(r.status).toBe(201);
    const own = await call(items.POST, "/api/cart/items", { method: "POST", token: mallory.token, json: { productId: p.id, quantity: 1, clickId: malloryClick } });
    expect(own.status).toBe(201);
    const cart = await getUserCartRow(mallory.user.id);
    const cited = (await cartLines(cart!.id)).map((l) => l.clickId);
    expect(cited).not.toContain(aliceClick);
    expect(cited).toContain(malloryClick);
  });
});
