import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as addLink from "@/app/cart/add/route";
import * as cartApi from "@/app/api/cart/route";
import * as items from "@/app/api/cart/items/route";
import * as item from "@/app/api/cart/items/[productId]/route";
import { resetRateLimits } from "@/lib/api/rate-limit";
import type { CartView } from "@/lib/shop/cart";
import { cartResponseSchema } from "@/lib/shop/schemas";
import { createTestDb } from "@/tests/helpers/db";
import { call, userWithToken } from "@/tests/helpers/http";
import { cartCookieFrom, cartEventsFor, makeProduct, makeVideoAndClick } from "./shop-helpers";

let drop: () => Promise<void>;
beforeAll(async () => {
  ({ drop } = await createTestDb());
});
afterAll(async () => drop());

const cookie = (id: string) => ({ cookie: `fc_cart=${id}` });
type CartBody = { cart: CartView; notice?: string };

describe("anonymous cart", () => {
  it("creates a cookie cart on the first add, adds, edits and removes lines", async () => {
    const mug = await makeProduct({ stock: 5, priceCents: 1250 });
    const first = await call(items.POST, "/api/cart/items", { method: "POST", json: { productId: mug.id, quantity: 2 } });
    expect(first.status).toBe(201);
    const setCookie = first.res.headers.getSetCookie().find((h) => h.startsWith("fc_cart="));
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const id = cartCookieFrom(first.res);
    expect(id).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((first.body as CartBody).cart).toMatchObject({ count: 2, totalCents: 2500, currency: "EUR" });
    // The documented answer schema covers the real answer exactly (zod strips unknown keys).
    expect(cartResponseSchema.parse(first.body)).toEqual(first.body);

    const again = await call(items.POST, "/api/cart/items", { method: "POST", json: { productId: mug.id }, headers: cookie(id!) });
    expect((again.body as CartBody).cart.count).toBe(3);
    expect(cartCookieFrom(again.res)).toBeUndefined();

    const patched = await call(item.PATCH, `/api/cart/items/${mug.id}`, { method: "PATCH", json: { quantity: 4 }, headers: cookie(id!), params: { productId: String(mug.id) } });
    expect(patched.status).toBe(200);
    expect((patched.body as CartBody).cart.items[0]).toMatchObject({ productId: mug.id, quantity: 4, lineCents: 5000 });

    const tooMany = await call(item.PATCH, `/api/cart/items/${mug.id}`, { method: "PATCH", json: { quantity: 6 }, headers: cookie(id!), params: { productId: String(mug.id) } });
    expect(tooMany.status).toBe(409);
    expect(JSON.stringify(tooMany.body)).toContain("Only 5");

    const got = await call(cartApi.GET, "/api/cart", { headers: cookie(id!) });
    expect((got.body as CartBody).cart.count).toBe(4);

    const del = await call(item.DELETE, `/api/cart/items/${mug.id}`, { method: "DELETE", headers: cookie(id!), params: { productId: String(mug.id) } });
    expect((del.body as CartBody).cart).toMatchObject({ count: 0, items: [] });

    // Another browser without the cookie sees an empty cart; a forged cookie is ignored and cleared.
    const other = await call(cartApi.GET, "/api/cart", { headers: cookie("x".repeat(32)) });
    expect((other.body as CartBody).cart.count).toBe(0);
    expect(cartCookieFrom(other.res)).toBe("");
  });

  it("checks stock on add: capped to what is left, sold out refused with words, unknown product 404", async () => {
    const lamp = await makeProduct({ stock: 2 });
    const r = await call(items.POST, "/api/cart/items", { method: "POST", json: { productId: lamp.id, quantity: 5 } });
    expect(r.status).toBe(201);
    expect((r.body as CartBody).cart.count).toBe(2);
    expect((r.body as CartBody).notice).toContain("Only 2 in stock");
    const id = cartCookieFrom(r.res)!;
    const full = await call(items.POST, "/api/cart/items", { method: "POST", json: { productId: lamp.id }, headers: cookie(id) });
    expect(full.status).toBe(409);
    const gone = await makeProduct({ stock: 0 });
    const sold = await call(items.POST, "/api/cart/items", { method: "POST", json: { productId: gone.id } });
    expect(sold.status).toBe(409);
    expect((sold.body as { error: { message: string } }).error.message).toBe("This product is sold out");
    expect((await call(items.POST, "/api/cart/items", { method: "POST", json: { productId: 999999 } })).status).toBe(404);
    expect((await call(items.POST, "/api/cart/items", { method: "POST", json: { productId: "one" } })).status).toBe(422);
    expect((await cartEventsFor(lamp.id)).map((e) => e.quantity)).toEqual([2]);
  });
});

describe("GET /cart/add (the extension's link)", () => {
  it("adds with video (YouTube-style id) and click, records a cart event, redirects 303 to /cart", async () => {
    resetRateLimits();
    const jacket = await makeProduct({ stock: 3 });
    const { video, clickId } = await makeVideoAndClick("vidCartAdd1");
    const r = await call(addLink.GET, `/cart/add?product=${jacket.id}&video=vidCartAdd1&click=${clickId}&qty=2`);
    expect(r.status).toBe(303);
    expect(r.res.headers.get("location")).toBe(`/cart?notice=added&product=${jacket.id}`);
    const id = cartCookieFrom(r.res)!;
    const cart = (await call(cartApi.GET, "/api/cart", { headers: cookie(id) })).body as CartBody;
    expect(cart.cart.items[0]).toMatchObject({ productId: jacket.id, quantity: 2, videoId: video.id, clickId });
    const events = await cartEventsFor(jacket.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ cartId: id, userId: null, quantity: 2, videoId: video.id, clickId });
  });

  it("answers unknown products, sold-out products and bad parameters on the cart page, and rate-limits", async () => {
    resetRateLimits();
    const gone = await makeProduct({ stock: 0 });
    const loc = async (q: string) => (await call(addLink.GET, `/cart/add?${q}`)).res.headers.get("location");
    expect(await loc("product=987654")).toBe("/cart?notice=unknown_product");
    expect(await loc(`product=${gone.id}`)).toBe(`/cart?notice=out_of_stock&product=${gone.id}`);
    expect(await loc("product=abc")).toBe("/cart?notice=invalid_link");
    expect(await loc("product=1&qty=0")).toBe("/cart?notice=invalid_link");
    expect(await loc("product=1&video=%3Cscript%3E")).toBe("/cart?notice=invalid_link");
    // The extension's id on a playlist page carries "&list=…&index=…" (encoded): the video is still found.
    const { video } = await makeVideoAndClick("vidPlaylst1");
    const inList = await makeProduct({ stock: 5 });
    expect(await loc(`product=${inList.id}&video=vidPlaylst1%26list%3DPLxyz123%26index%3D4`)).toBe(`/cart?notice=added&product=${inList.id}`);
    expect((await cartEventsFor(inList.id))[0]).toMatchObject({ videoId: video.id });
    const p = await makeProduct({ stock: 100 });
    // An unknown video or click is dropped, the add still happens.
    expect(await loc(`product=${p.id}&video=nope-video&click=424242`)).toBe(`/cart?notice=added&product=${p.id}`);
    expect((await cartEventsFor(p.id))[0]).toMatchObject({ videoId: null, clickId: null });
    for (let i = 0; i < 30; i++) await loc(`product=${p.id}`);
    expect(await loc(`product=${p.id}`)).toBe("/cart?notice=rate_limited");
    resetRateLimits();
  });
});

describe("signed-in cart and merge on login", () => {
  it("merges the anonymous cart into the user's cart, capped by stock, deletes it and clears the cookie", async () => {
    const { token, user } = await userWithToken("shopper");
    const a = await makeProduct({ stock: 4 });
    const b = await makeProduct({ stock: 10 });
    // The user already has 3 of a.
    const own = await call(items.POST, "/api/cart/items", { method: "POST", json: { productId: a.id, quantity: 3 }, token });
    expect(own.status).toBe(201);
    expect(cartCookieFrom(own.res)).toBeUndefined();
    // Anonymously (before signing in): 3 of a and 2 of b.
    const anon = await call(items.POST, "/api/cart/items", { method: "POST", json: { productId: a.id, quantity: 3 } });
    const anonId = cartCookieFrom(anon.res)!;
    await call(items.POST, "/api/cart/items", { method: "POST", json: { productId: b.id, quantity: 2 }, headers: cookie(anonId) });

    const merged = await call(cartApi.GET, "/api/cart", { token, headers: cookie(anonId) });
    const cart = (merged.body as CartBody).cart;
    expect(cart.items.map((i) => [i.productId, i.quantity])).toEqual([
      [a.id, 4],
      [b.id, 2],
    ]);
    expect(cartCookieFrom(merged.res)).toBe("");
    // The anonymous cart is gone: its cookie is worth nothing now.
    expect(((await call(cartApi.GET, "/api/cart", { headers: cookie(anonId) })).body as CartBody).cart.count).toBe(0);
    // The user's cart is the same from anywhere.
    expect(((await call(cartApi.GET, "/api/cart", { token })).body as CartBody).cart.count).toBe(6);
    expect((await cartEventsFor(a.id)).map((e) => e.userId)).toEqual([user.id, null]);
  });
});
