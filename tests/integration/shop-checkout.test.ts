import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as items from "@/app/api/cart/items/route";
import * as cart from "@/app/api/cart/route";
import * as checkout from "@/app/api/checkout/route";
import * as orderApi from "@/app/api/orders/[publicId]/route";
import * as myOrders from "@/app/api/orders/route";
import * as stripeReturn from "@/app/checkout/return/[publicId]/route";
import { getDb } from "@/db";
import { getOrderItems, transitionOrder } from "@/db/queries/orders";
import { orders } from "@/db/schema";
import { updateProductRow } from "@/db/queries/products";
import { resetEnvForTests } from "@/lib/env";
import { declineDemo, payDemo } from "@/lib/shop/orders";
import { checkoutResponseSchema, orderJsonSchema } from "@/lib/shop/schemas";
import { createTestDb } from "@/tests/helpers/db";
import { call, userWithToken } from "@/tests/helpers/http";
import { startStripeStandIn } from "@/tests/helpers/stripe-local";
import { anonCart, buyer, makeProduct, makeVideoAndClick, orderRow, paymentsOf, stockOf } from "./shop-helpers";

let drop: () => Promise<void>;
beforeAll(async () => {
  resetEnvForTests({ STRIPE_SECRET_KEY: undefined, STRIPE_API_BASE: undefined, APP_URL: undefined });
  ({ drop } = await createTestDb());
});
afterAll(async () => {
  resetEnvForTests({ STRIPE_SECRET_KEY: undefined, STRIPE_API_BASE: undefined, APP_URL: undefined });
  await drop();
});

type Placed = { order: { publicId: string; status: string; totalCents: number }; url: string };


/** The anonymous buyer's session (their cart cookie): the only one that may pay or decline. */

describe("demo checkout (no Stripe keys)", () => {
  it("anonymous: asks for an e-mail, places a pending order that remembers video and click, Pay makes it paid and takes stock", async () => {
    const p = await makeProduct({ stock: 5, priceCents: 2000 });
    const q = await makeProduct({ stock: 3, priceCents: 500 });
    const { video, clickId } = await makeVideoAndClick("vidCheckout1");
    const headers = await anonCart([
      { productId: p.id, quantity: 2, videoId: "vidCheckout1", clickId },
      { productId: q.id, quantity: 1, videoId: video.id },
    ]);
    const noMail = await call(checkout.POST, "/api/checkout", { method: "POST", json: {}, headers });
    expect(noMail.status).toBe(422);
    expect(JSON.stringify(noMail.body)).toContain("e-mail");
    expect((await call(checkout.POST, "/api/checkout", { method: "POST", json: { email: "nope" }, headers })).status).toBe(422);

    const r = await call(checkout.POST, "/api/checkout", { method: "POST", json: { email: "buyer@example.com" }, headers });
    expect(r.status).toBe(201);
    const placed = r.body as Placed;
    expect(placed.order.publicId).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(placed.url).toBe(`/checkout/demo/${placed.order.publicId}`);
    const order = await orderRow(placed.order.publicId);
    expect(order).toMatchObject({ status: "pending", totalCents: 4500, currency: "EUR", paymentMode: "demo", email: "buyer@example.com", videoId: video.id, clickId, stockReserved: false });
    const lines = await getOrderItems(order.id);
    expect(lines.map((l) => [l.productId, l.quantity, l.videoId, l.clickId])).toEqual(
      [
        [p.id, 2, video.id, clickId],
        [q.id, 1, video.id, null],
      ].sort((a, b) => Number(a[0]) - Number(b[0])),
    );
    expect(await stockOf(p.id)).toBe(5); // not taken before payment

    expect(await payDemo(placed.order.publicId, buyer(headers))).toMatchObject({ outcome: "moved", from: "pending", status: "paid", stockShort: false });
    expect(await stockOf(p.id)).toBe(3);
    expect(await stockOf(q.id)).toBe(2);
    expect(await orderRow(placed.order.publicId)).toMatchObject({ status: "paid", stockReserved: true });
    // Paying twice or declining a paid order changes nothing.
    expect(await payDemo(placed.order.publicId, buyer(headers))).toEqual({ outcome: "ignored", status: "paid" });
    expect(await declineDemo(placed.order.publicId, buyer(headers))).toEqual({ outcome: "ignored", status: "paid" });
    expect(await stockOf(p.id)).toBe(3);
    expect((await paymentsOf(order.id)).map((x) => [x.provider, x.status, x.amountCents])).toEqual([["demo", "succeeded", 4500]]);

    const got = await call(orderApi.GET, `/api/orders/${placed.order.publicId}`, { params: { publicId: placed.order.publicId } });
    expect(got.body).toMatchObject({ order: { status: "paid", totalCents: 4500, items: [{}, {}] } });
    const wire = (got.body as { order: unknown }).order;
    expect(orderJsonSchema.parse(wire)).toEqual(wire);
    expect(checkoutResponseSchema.parse(r.body)).toEqual(r.body);
    expect((await call(orderApi.GET, "/api/orders/x", { params: { publicId: "not-a-real-order-id-xxxxxxxx" } })).status).toBe(404);
  });

  it("Decline makes the order failed and leaves stock alone", async () => {
    const p = await makeProduct({ stock: 2 });
    const headers = await anonCart([{ productId: p.id, quantity: 1 }]);
    const placed = (await call(checkout.POST, "/api/checkout", { method: "POST", json: { email: "d@example.com" }, headers })).body as Placed;
    expect(await declineDemo(placed.order.publicId, buyer(headers))).toMatchObject({ outcome: "moved", status: "failed" });
    expect(await payDemo(placed.order.publicId, buyer(headers))).toEqual({ outcome: "ignored", status: "failed" });
    expect(await stockOf(p.id)).toBe(2);
  });

  it("stock gone between checkout and payment: the demo payment is declined and no item's stock moves", async () => {
    const p = await makeProduct({ stock: 5 });
    const q = await makeProduct({ stock: 2 });
    const headers = await anonCart([
      { productId: p.id, quantity: 1 },
      { productId: q.id, quantity: 2 },
    ]);
    const placed = (await call(checkout.POST, "/api/checkout", { method: "POST", json: { email: "late@example.com" }, headers })).body as Placed;
    await updateProductRow(q.id, { stock: 1 }); // someone else bought one meanwhile
    expect(await payDemo(placed.order.publicId, buyer(headers))).toMatchObject({ outcome: "moved", status: "failed", stockShort: true });
    expect(await stockOf(p.id)).toBe(5);
    expect(await stockOf(q.id)).toBe(1);
    expect((await paymentsOf((await orderRow(placed.order.publicId)).id))[0]?.status).toBe("declined_out_of_stock");
  });

  it("two shoppers pay for the last item at once: exactly one order is paid, stock never goes below zero", async () => {
    const p = await makeProduct({ stock: 1 });
    const placed: { o: Placed; headers: { cookie: string } }[] = [];
    for (const email of ["a@example.com", "b@example.com"]) {
      const headers = await anonCart([{ productId: p.id, quantity: 1 }]);
      placed.push({ o: (await call(checkout.POST, "/api/checkout", { method: "POST", json: { email }, headers })).body as Placed, headers });
    }
    const results = await Promise.all(placed.map(({ o, headers }) => payDemo(o.order.publicId, buyer(headers))));
    expect(results.map((r) => (r.outcome === "moved" ? r.status : r.outcome)).sort()).toEqual(["failed", "paid"]);
    expect(await stockOf(p.id)).toBe(0);
  });

  it("refuses to check out an empty cart or one with more than in stock, in words", async () => {
    expect((await call(checkout.POST, "/api/checkout", { method: "POST", json: { email: "e@example.com" } })).status).toBe(409);
    const p = await makeProduct({ stock: 3, name: "Blue lamp" });
    const headers = await anonCart([{ productId: p.id, quantity: 3 }]);
    await updateProductRow(p.id, { stock: 1 });
    const r = await call(checkout.POST, "/api/checkout", { method: "POST", json: { email: "e@example.com" }, headers });
    expect(r.status).toBe(409);
    expect((r.body as { error: { message: string } }).error.message).toContain("Only 1 of “Blue lamp” left");
  });

  it("signed-in: no e-mail needed; the order shows in the shopper's history", async () => {
    const { token, user } = await userWithToken("shopper");
    const p = await makeProduct({ stock: 4 });
    await call(items.POST, "/api/cart/items", { method: "POST", json: { productId: p.id }, token });
    const r = await call(checkout.POST, "/api/checkout", { method: "POST", json: {}, token });
    expect(r.status).toBe(201);
    const placed = r.body as Placed;
    expect((await orderRow(placed.order.publicId)).userId).toBe(user.id);
    const mine = await call(myOrders.GET, "/api/orders", { token });
    expect((mine.body as { orders: { publicId: string }[] }).orders.map((o) => o.publicId)).toEqual([placed.order.publicId]);
    expect((await call(myOrders.GET, "/api/orders")).status).toBe(401);

    // A second order (the unpaid first one left its line in the cart): newest first, each order with its own items.
    const [a, b] = [await makeProduct({ stock: 4 }), await makeProduct({ stock: 4 })];
    await call(items.POST, "/api/cart/items", { method: "POST", json: { productId: b.id, quantity: 2 }, token });
    await call(items.POST, "/api/cart/items", { method: "POST", json: { productId: a.id }, token });
    const second = (await call(checkout.POST, "/api/checkout", { method: "POST", json: {}, token })).body as Placed;
    const both = (await call(myOrders.GET, "/api/orders", { token })).body as { orders: { publicId: string; items: { productId: number; quantity: number }[] }[] };
    expect(both.orders.map((o) => o.publicId)).toEqual([second.order.publicId, placed.order.publicId]);
    expect(both.orders[0]?.items.map((i) => [i.productId, i.quantity])).toEqual([[p.id, 1], [a.id, 1], [b.id, 2]]);
    expect(both.orders[1]?.items.map((i) => [i.productId, i.quantity])).toEqual([[p.id, 1]]);
  });
});

describe("Stripe Checkout Session (real SDK against a local server)", () => {
  it("creates a session with price_data lines, the order id in metadata and the success/cancel URLs", async () => {
    const seen: { method: string; url: string; auth: string; idem: string; body: URLSearchParams }[] = [];
    const server = http.createServer((req, res) => {
      let data = "";
      req.on("data", (c: Buffer) => (data += c.toString()));
      req.on("end", () => {
        seen.push({ method: req.method ?? "", url: req.url ?? "", auth: req.headers.authorization ?? "", idem: String(req.headers["idempotency-key"] ?? ""), body: new URLSearchParams(data) });
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ id: "cs_test_local_1", object: "checkout.session", url: "https://checkout.stripe.com/c/pay/cs_test_local_1", payment_status: "unpaid", status: "open" }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    resetEnvForTests({ STRIPE_SECRET_KEY: "sk_test_local_123", STRIPE_API_BASE: `http://127.0.0.1:${port}`, APP_URL: "https://shop.example.com" });
    try {
      const p = await makeProduct({ stock: 9, priceCents: 1999, name: "Enamel mug" });
      const headers = await anonCart([{ productId: p.id, quantity: 3 }]);
      const r = await call(checkout.POST, "/api/checkout", { method: "POST", json: { email: "s@example.com" }, headers });
      expect(r.status).toBe(201);
      const placed = r.body as Placed;
      expect(placed.url).toBe("https://checkout.stripe.com/c/pay/cs_test_local_1");
      expect(seen).toHaveLength(1);
      const req = seen[0]!;
      expect(req.method).toBe("POST");
      expect(req.url).toBe("/v1/checkout/sessions");
      expect(req.auth).toBe("Bearer sk_test_local_123");
      expect(req.idem).toBe(`order-${placed.order.publicId}`);
      const b = req.body;
      expect(b.get("mode")).toBe("payment");
      expect(b.get("line_items[0][quantity]")).toBe("3");
      expect(b.get("line_items[0][price_data][currency]")).toBe("eur");
      expect(b.get("line_items[0][price_data][unit_amount]")).toBe("1999");
      expect(b.get("line_items[0][price_data][product_data][name]")).toBe("Enamel mug");
      expect(b.get("metadata[order_public_id]")).toBe(placed.order.publicId);
      expect(b.get("customer_email")).toBe("s@example.com");
      expect(b.get("success_url")).toBe(`https://shop.example.com/checkout/return/${placed.order.publicId}?session_id={CHECKOUT_SESSION_ID}`);
      expect(b.get("cancel_url")).toBe("https://shop.example.com/cart");
      // Address and shipping from the catalogue settings (defaults): 59.97 is under the free-shipping 100.00.
      const countries = [...b.entries()].filter(([k]) => k.startsWith("shipping_address_collection[allowed_countries]")).map(([, v]) => v);
      expect(countries).toEqual(["AT", "BE", "CH", "DE", "DK", "ES", "FR", "GB", "IE", "IT", "NL", "PL", "PT", "SE", "US"]);
      expect(b.get("shipping_options[0][shipping_rate_data][type]")).toBe("fixed_amount");
      expect(b.get("shipping_options[0][shipping_rate_data][display_name]")).toBe("Standard (3–5 days)");
      expect(b.get("shipping_options[0][shipping_rate_data][fixed_amount][amount]")).toBe("590");
      expect(b.get("shipping_options[0][shipping_rate_data][fixed_amount][currency]")).toBe("eur");
      expect(b.get("shipping_options[1][shipping_rate_data][fixed_amount][amount]")).toBe("1490");
      expect(b.get("automatic_tax[enabled]")).toBeNull(); // STRIPE_AUTOMATIC_TAX is off
      const row = await orderRow(placed.order.publicId);
      expect(row).toMatchObject({ status: "pending", paymentMode: "stripe", stripeSessionId: "cs_test_local_1" });

      // Back from Stripe (checkout/return): the cart is settled there, before any page renders.
      const back = (sessionId: string, cookie = headers.cookie) =>
        call(stripeReturn.GET, `/checkout/return/${placed.order.publicId}?session_id=${sessionId}`, { headers: { cookie }, params: { publicId: placed.order.publicId } });
      const count = async (cookie: string) => ((await call(cart.GET, "/api/cart", { headers: { cookie } })).body as { cart: { count: number } }).cart.count;
      const pending = await back("cs_test_local_1");
      expect([pending.status, pending.res.headers.get("location")]).toEqual([303, `/orders/${placed.order.publicId}?session_id=cs_test_local_1`]);
      expect(await count(headers.cookie)).toBe(3); // not paid yet: the cart stays
      await transitionOrder({ orderId: row.id, action: "pay", onStockShort: "fail", payment: { provider: "stripe", providerRef: "pi_local_1", amountCents: row.totalCents, currency: row.currency, status: "succeeded" } });
      const other = await anonCart([{ productId: p.id, quantity: 1 }]);
      expect((await back("cs_test_wrong")).res.headers.get("location")).toBe(`/orders/${placed.order.publicId}`);
      expect(await count(headers.cookie)).toBe(3); // another session id settles nothing
      expect((await back("cs_test_local_1", other.cookie)).status).toBe(303);
      expect(await count(other.cookie)).toBe(0); // (whoever holds the paid session's return link empties only their own cart)
      const paid = await back("cs_test_local_1");
      expect([paid.status, paid.res.headers.get("location")]).toEqual([303, `/orders/${placed.order.publicId}`]);
      expect(await count(headers.cookie)).toBe(0);
    } finally {
      resetEnvForTests({ STRIPE_SECRET_KEY: undefined, STRIPE_API_BASE: undefined, APP_URL: undefined });
      await new Promise((r) => server.close(r));
    }
  });

  it("with STRIPE_AUTOMATIC_TAX, asks Stripe to compute the tax (prices and shipping tax-exclusive); free shipping over the threshold", async () => {
    const stand = await startStripeStandIn(() => ({ body: { id: "cs_test_tax_1", object: "checkout.session", url: "https://checkout.stripe.com/c/pay/cs_test_tax_1" } }));
    resetEnvForTests({ STRIPE_SECRET_KEY: "sk_test_local_123", STRIPE_API_BASE: stand.base, STRIPE_AUTOMATIC_TAX: "true" });
    try {
      const p = await makeProduct({ stock: 9, priceCents: 6000 });
      const headers = await anonCart([{ productId: p.id, quantity: 2 }]);
      expect((await call(checkout.POST, "/api/checkout", { method: "POST", json: { email: "t@example.com" }, headers })).status).toBe(201);
      const b = stand.seen[0]!.body;
      expect(b.get("automatic_tax[enabled]")).toBe("true");
      expect(b.get("line_items[0][price_data][tax_behavior]")).toBe("exclusive");
      expect(b.get("shipping_options[0][shipping_rate_data][tax_behavior]")).toBe("exclusive");
      expect(b.get("shipping_options[0][shipping_rate_data][fixed_amount][amount]")).toBe("0"); // 120.00 ≥ 100.00
    } finally {
      resetEnvForTests({ STRIPE_SECRET_KEY: undefined, STRIPE_API_BASE: undefined, STRIPE_AUTOMATIC_TAX: undefined });
      await stand.close();
    }
  });

  it("when Stripe refuses the session, the shopper gets words, the order is closed (canceled) and the cart stays", async () => {
    const server = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(400, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { type: "invalid_request_error", message: "Invalid currency" } }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    resetEnvForTests({ STRIPE_SECRET_KEY: "sk_test_local_123", STRIPE_API_BASE: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    try {
      const p = await makeProduct({ stock: 2 });
      const headers = await anonCart([{ productId: p.id, quantity: 1 }]);
      const r = await call(checkout.POST, "/api/checkout", { method: "POST", json: { email: "s@example.com" }, headers });
      expect(r.status).toBe(500);
      expect((r.body as { error: { message: string } }).error.message).toContain("Nothing was charged");
      const rows = await (await getDb()).select().from(orders).orderBy(orders.id);
      expect(rows.at(-1)).toMatchObject({ status: "canceled", paymentMode: "stripe" });
      expect(((await call(items.POST, "/api/cart/items", { method: "POST", json: { productId: p.id }, headers })).body as { cart: { count: number } }).cart.count).toBe(2);
    } finally {
      resetEnvForTests({ STRIPE_SECRET_KEY: undefined, STRIPE_API_BASE: undefined });
      await new Promise((r) => server.close(r));
    }
  });
});
