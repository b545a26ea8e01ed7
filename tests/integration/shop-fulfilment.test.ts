import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as checkout from "@/app/api/checkout/route";
import { listOrderEvents } from "@/db/queries/order-events";
import { getOrderItems, insertOrderWithItems, transitionOrder } from "@/db/queries/orders";
import { funnelTotals, topProducts } from "@/db/queries/analytics";
import { resetEnvForTests } from "@/lib/env";
import { ConflictError, InvalidInputError } from "@/lib/errors";
import { cancelOrder, deliverOrder, orderTimeline, refundOrder, shipOrder } from "@/lib/shop/fulfilment";
import { newPublicId, payDemo } from "@/lib/shop/orders";
import { DEFAULT_SHOP_SETTINGS, getShopSettings, saveShopSettingsJson } from "@/lib/shop/settings";
import { createTestDb } from "@/tests/helpers/db";
import { call } from "@/tests/helpers/http";
import { startSmtpServer } from "@/tests/helpers/smtp";
import { startStripeStandIn } from "@/tests/helpers/stripe-local";
import { anonCart, buyer, makeProduct, makeVideoAndClick, orderRow, paymentsOf, stockOf } from "./shop-helpers";

// Issue 20: address, shipping and tax on the demo page, e-mails received by a real SMTP server,
// fulfilment (ship, deliver, cancel, refund per line) with stock back and analytics paid − refunded.
let drop: () => Promise<void>;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
const admin = { label: "admin ada@example.com", userId: null };
const ORIGIN = "http://shop.test";
const address = { name: "Ada Lovelace", line1: "Hauptstr. 1", postalCode: "10115", city: "Berlin", country: "DE", rate: "standard" };

beforeAll(async () => {
  smtp = await startSmtpServer();
  resetEnvForTests({ STRIPE_SECRET_KEY: undefined, STRIPE_API_BASE: undefined, APP_URL: undefined, SMTP_URL: smtp.url, MAIL_FROM: "Framecart <shop@framecart.test>" });
  ({ drop } = await createTestDb());
});
afterAll(async () => {
  resetEnvForTests({ SMTP_URL: undefined, MAIL_FROM: undefined });
  await drop();
  await smtp.close();
});

/** A demo order for 2 × p (20.00) and 1 × q (5.00), the first line from a click on a video. */
async function placed(email: string) {
  const p = await makeProduct({ stock: 5, priceCents: 2000, name: "Astronaut jacket" });
  const q = await makeProduct({ stock: 3, priceCents: 500, name: "Patch" });
  const { video, clickId } = await makeVideoAndClick(`vidFulfil${Math.random().toString(36).slice(2, 8)}`);
  const headers = await anonCart([
    { productId: p.id, quantity: 2, videoId: video.id, clickId },
    { productId: q.id, quantity: 1, videoId: video.id },
  ]);
  const r = await call(checkout.POST, "/api/checkout", { method: "POST", json: { email }, headers });
  expect(r.status).toBe(201);
  return { p, q, video, clickId, viewer: buyer(headers), publicId: (r.body as { order: { publicId: string } }).order.publicId };
}

describe("demo checkout with an address", () => {
  it("refuses a country or rate we do not offer, in words, and the order stays pending", async () => {
    const o = await placed("nowhere@example.com");
    await expect(payDemo(o.publicId, o.viewer, { ...address, country: "JP" }, ORIGIN)).rejects.toThrow(InvalidInputError);
    await expect(payDemo(o.publicId, o.viewer, { ...address, rate: "teleport" }, ORIGIN)).rejects.toThrow("Choose one of the shipping rates offered");
    await expect(payDemo(o.publicId, o.viewer, { ...address, postalCode: "" }, ORIGIN)).rejects.toThrow("postal code");
    expect(await orderRow(o.publicId)).toMatchObject({ status: "pending", shippingAddress: null });
    expect(await stockOf(o.p.id)).toBe(5);
    expect(smtp.to("nowhere@example.com")).toHaveLength(0);
  });

  it("stores address, rate, shipping and tax; the line keeps the click's moment; the confirmation e-mail arrives", async () => {
    const o = await placed("ada@example.com");
    expect(await payDemo(o.publicId, o.viewer, address, ORIGIN)).toMatchObject({ outcome: "moved", status: "paid" });
    // 45.00 goods + 5.90 standard shipping (free only from 100.00) + 19 % DE tax on both = 9.67
    expect(await orderRow(o.publicId)).toMatchObject({
      subtotalCents: 4500,
      shippingCents: 590,
      taxCents: 967,
      totalCents: 6057,
      shippingRate: "Standard (3–5 days)",
      shippingAddress: { name: "Ada Lovelace", line1: "Hauptstr. 1", line2: null, postalCode: "10115", city: "Berlin", country: "DE", state: null, phone: null },
    });
    const row = await orderRow(o.publicId);
    expect((await paymentsOf(row.id)).map((p) => [p.provider, p.amountCents, p.status])).toEqual([["demo", 6057, "succeeded"]]);
    const lines = await getOrderItems(row.id);
    expect(lines.find((l) => l.productId === o.p.id)).toMatchObject({ clickId: o.clickId, clickPtsMs: 1500, videoId: o.video.id });
    const [mail] = smtp.to("ada@example.com");
    expect(mail?.subject).toBe(`Order ${o.publicId.slice(0, 8)} confirmed`);
    expect(mail?.from?.value[0]).toMatchObject({ name: "Framecart", address: "shop@framecart.test" });
    expect(mail?.text).toContain("2 × Astronaut jacket — €40.00");
    expect(mail?.text).toContain("Tax: €9.67");
    expect(mail?.text).toContain("Total: €60.57");
    expect(mail?.text).toContain(`${ORIGIN}/orders/${o.publicId}`);
    expect(mail?.html).toContain(`href="${ORIGIN}/orders/${o.publicId}"`);
    expect(mail?.html).toContain("Hauptstr. 1");
    expect((await listOrderEvents(row.id)).map((e) => [e.kind, e.toStatus])).toEqual([
      ["placed", "pending"],
      ["pay", "paid"],
      ["email_confirmation", null],
    ]);
  });

  it("free shipping from the configured amount; settings are validated before they are saved", async () => {
    await expect(saveShopSettingsJson("{")).rejects.toThrow("not valid JSON");
    await expect(saveShopSettingsJson(JSON.stringify({ ...DEFAULT_SHOP_SETTINGS, countries: ["germany"] }))).rejects.toThrow("countries.0");
    expect(await getShopSettings()).toEqual(DEFAULT_SHOP_SETTINGS);
    const cheap = { ...DEFAULT_SHOP_SETTINGS, shippingRates: [{ id: "standard", label: "Standard", amountCents: 500, freeOverCents: 4000 }] };
    await saveShopSettingsJson(JSON.stringify(cheap));
    try {
      const o = await placed("free@example.com");
      await payDemo(o.publicId, o.viewer, { ...address, country: "US" }, ORIGIN);
      expect(await orderRow(o.publicId)).toMatchObject({ subtotalCents: 4500, shippingCents: 0, taxCents: 0, totalCents: 4500, shippingRate: "Standard" });
    } finally {
      await saveShopSettingsJson(JSON.stringify(DEFAULT_SHOP_SETTINGS));
    }
  });
});

describe("fulfilment", () => {
  it("paid → shipped (carrier, tracking; e-mail) → delivered, each change with who and when; wrong moves refused", async () => {
    const o = await placed("ship@example.com");
    await expect(shipOrder(o.publicId, { carrier: "DHL", trackingNumber: "JJD000390007" }, admin, ORIGIN)).rejects.toThrow(ConflictError);
    await payDemo(o.publicId, o.viewer, address, ORIGIN);
    await expect(shipOrder(o.publicId, { carrier: "", trackingNumber: "x" }, admin, ORIGIN)).rejects.toThrow("Enter the carrier");
    await shipOrder(o.publicId, { carrier: "DHL", trackingNumber: "JJD000390007" }, admin, ORIGIN);
    expect(await orderRow(o.publicId)).toMatchObject({ status: "shipped", carrier: "DHL", trackingNumber: "JJD000390007" });
    const shipped = smtp.to("ship@example.com").find((m) => m.subject?.endsWith("shipped"));
    expect(shipped?.text).toContain("with DHL. Tracking number: JJD000390007");
    await expect(shipOrder(o.publicId, { carrier: "DHL", trackingNumber: "2" }, admin, ORIGIN)).rejects.toThrow("it is shipped");
    await expect(cancelOrder(o.publicId, admin)).rejects.toThrow("refund it instead");
    await deliverOrder(o.publicId, admin);
    const row = await orderRow(o.publicId);
    expect(row.status).toBe("delivered");
    expect(row.deliveredAt).not.toBeNull();
    const events = await listOrderEvents(row.id);
    expect(events.filter((e) => e.actor === admin.label).map((e) => [e.kind, e.fromStatus, e.toStatus, e.note])).toEqual([
      ["ship", "paid", "shipped", "DHL JJD000390007"],
      ["deliver", "shipped", "delivered", null],
    ]);
    expect((await orderTimeline(row.id)).map((e) => e.kind)).toEqual(["placed", "pay", "ship", "deliver"]);
  });

  it("cancels an unpaid order", async () => {
    const o = await placed("cancel@example.com");
    await cancelOrder(o.publicId, admin);
    expect((await orderRow(o.publicId)).status).toBe("canceled");
  });

  it("refund per line returns that stock and shows in analytics as paid − refunded; the rest refunds the whole order", async () => {
    const o = await placed("refund@example.com");
    await payDemo(o.publicId, o.viewer, address, ORIGIN);
    expect([await stockOf(o.p.id), await stockOf(o.q.id)]).toEqual([3, 2]);
    const before = await funnelTotals(o.video.id);
    expect(before).toMatchObject({ paidOrders: 1, unitsSold: 3, revenueCents: 4500 });

    const r = await refundOrder(o.publicId, { lines: [{ productId: o.p.id, quantity: 1 }] }, admin, ORIGIN);
    // 20.00 for the jacket + its share of the tax: 967 × 2000 / 5090 = 380
    expect(r).toMatchObject({ outcome: "refunded", status: "paid", refundedCents: 2380, stockReturned: 1 });
    expect(await stockOf(o.p.id)).toBe(4);
    expect(await funnelTotals(o.video.id)).toMatchObject({ paidOrders: 1, unitsSold: 2, revenueCents: 2500 });
    expect((await topProducts({ videoId: o.video.id })).find((t) => t.productId === o.p.id)).toMatchObject({ unitsSold: 1, revenueCents: 2000 });
    const partial = smtp.to("refund@example.com").find((m) => m.subject?.endsWith("partly refunded"));
    expect(partial?.text).toContain("We refunded €23.80 of €60.57");
    expect(partial?.text).toContain("(1 refunded)");
    await expect(refundOrder(o.publicId, { lines: [{ productId: o.q.id + 1000, quantity: 1 }] }, admin, ORIGIN)).rejects.toThrow("not in this order");

    const all = await refundOrder(o.publicId, { all: true }, admin, ORIGIN);
    expect(all).toMatchObject({ status: "refunded", refundedCents: 6057, stockReturned: 2 });
    expect([await stockOf(o.p.id), await stockOf(o.q.id)]).toEqual([5, 3]);
    const row = await orderRow(o.publicId);
    expect((await paymentsOf(row.id)).map((p) => [p.amountCents, p.status])).toEqual([[6057, "succeeded"], [2380, "refunded"], [3677, "refunded"]]);
    expect(await funnelTotals(o.video.id)).toMatchObject({ paidOrders: 0, unitsSold: 0, revenueCents: 0 });
    await expect(refundOrder(o.publicId, { all: true }, admin, ORIGIN)).rejects.toThrow("Only a paid order can be refunded");
    expect(smtp.to("refund@example.com").map((m) => m.subject?.split(" ").slice(2).join(" "))).toEqual(["confirmed", "partly refunded", "refunded"]);
  });

  it("a Stripe order is refunded through Stripe's refund API first; if Stripe refuses, nothing changes", async () => {
    let refuse = true;
    const stand = await startStripeStandIn((req) =>
      refuse ? { status: 402, body: { error: { type: "invalid_request_error", message: "Charge already refunded" } } } : { body: { id: "re_test_1", object: "refund", amount: Number(req.body.get("amount")), status: "succeeded" } },
    );
    resetEnvForTests({ STRIPE_SECRET_KEY: "sk_test_local_123", STRIPE_API_BASE: stand.base });
    try {
      const p = await makeProduct({ stock: 4, priceCents: 1500 });
      const publicId = newPublicId();
      const order = await insertOrderWithItems(
        { publicId, status: "pending", subtotalCents: 3000, totalCents: 3000, currency: "EUR", paymentMode: "stripe", email: "stripe@example.com" },
        [{ productId: p.id, name: p.name, unitPriceCents: 1500, quantity: 2 }],
      );
      await transitionOrder({ orderId: order.id, action: "pay", paymentIntentId: "pi_test_refund", onStockShort: "keep-paid" });
      await expect(refundOrder(publicId, { lines: [{ productId: p.id, quantity: 1 }] }, admin, ORIGIN)).rejects.toThrow();
      expect(await orderRow(publicId)).toMatchObject({ status: "paid", refundedCents: 0 });
      expect(await stockOf(p.id)).toBe(2);
      refuse = false;
      await refundOrder(publicId, { lines: [{ productId: p.id, quantity: 1 }] }, admin, ORIGIN);
      const req = stand.seen.at(-1)!;
      expect([req.method, req.url, req.body.get("payment_intent"), req.body.get("amount"), req.body.get("metadata[order_public_id]")]).toEqual(["POST", "/v1/refunds", "pi_test_refund", "1500", publicId]);
      expect(req.idem).toBe(`refund-${publicId}-0-1500`);
      expect(await orderRow(publicId)).toMatchObject({ status: "paid", refundedCents: 1500 });
      expect(await stockOf(p.id)).toBe(3);
      expect((await paymentsOf(order.id)).at(-1)).toMatchObject({ provider: "stripe", providerRef: "re_test_1", amountCents: 1500, status: "refunded" });
    } finally {
      resetEnvForTests({ STRIPE_SECRET_KEY: undefined, STRIPE_API_BASE: undefined });
      await stand.close();
    }
  });
});
