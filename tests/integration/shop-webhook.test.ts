import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as webhook from "@/app/api/webhooks/stripe/route";
import { insertOrderWithItems } from "@/db/queries/orders";
import { resetEnvForTests } from "@/lib/env";
import { newPublicId } from "@/lib/shop/orders";
import { createTestDb } from "@/tests/helpers/db";
import { call } from "@/tests/helpers/http";
import { listOrderEvents } from "@/db/queries/order-events";
import { getOrderItems } from "@/db/queries/orders";
import { listMailFiles } from "@/lib/mail/transport";
import { countStripeEvents, makeProduct, orderRow, paymentsOf, stockOf } from "./shop-helpers";

const SECRET = "whsec_test_framecart_webhook_secret";
const stripe = new Stripe("sk_test_unused");
let drop: () => Promise<void>;

beforeAll(async () => {
  resetEnvForTests({ STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_SECRET_KEY: undefined });
  ({ drop } = await createTestDb());
});
afterAll(async () => {
  resetEnvForTests({ STRIPE_WEBHOOK_SECRET: undefined });
  await drop();
});

let seq = 0;
/** A pending Stripe-mode order for `quantity` of a fresh product with `stock`. */
async function stripeOrder(stock: number, quantity = 2) {
  const p = await makeProduct({ stock, priceCents: 1500 });
  seq += 1;
  const publicId = newPublicId();
  const order = await insertOrderWithItems(
    { publicId, status: "pending", subtotalCents: 1500 * quantity, totalCents: 1500 * quantity, currency: "EUR", paymentMode: "stripe", stripeSessionId: `cs_test_${seq}_${publicId}`, email: "w@example.com" },
    [{ productId: p.id, name: p.name, unitPriceCents: 1500, quantity }],
  );
  return { product: p, order, sessionId: order.stripeSessionId!, pi: `pi_test_${seq}_${publicId}` };
}

function event(type: string, object: Record<string, unknown>, id = `evt_${Math.random().toString(36).slice(2)}`) {
  return { id, object: "event", type, created: Math.floor(Date.now() / 1000), api_version: "2026-10-28.endive", livemode: false, pending_webhooks: 1, request: null, data: { object } };
}

function session(o: { sessionId: string; pi: string | null; publicId: string; paymentStatus?: string; amount?: number }) {
  return { id: o.sessionId, object: "checkout.session", payment_intent: o.pi, payment_status: o.paymentStatus ?? "paid", amount_total: o.amount ?? 3000, currency: "eur", metadata: { order_public_id: o.publicId } };
}

function charge(o: { pi: string | null; refunded?: boolean; amountRefunded?: number; metadata?: Record<string, string> }) {
  return { id: `ch_${Math.random().toString(36).slice(2)}`, object: "charge", payment_intent: o.pi, refunded: o.refunded ?? true, amount: 3000, amount_refunded: o.amountRefunded ?? 3000, currency: "eur", metadata: o.metadata ?? {} };
}

async function deliver(ev: object, opts: { secret?: string; signature?: string | null } = {}) {
  const payload = JSON.stringify(ev);
  const header = opts.signature === undefined ? stripe.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? SECRET }) : opts.signature;
  return call(webhook.POST, "/api/webhooks/stripe", { method: "POST", body: payload, headers: { "content-type": "application/json", ...(header ? { "stripe-signature": header } : {}) } });
}

describe("POST /api/webhooks/stripe", () => {
  it("a bad or missing signature is a 400 and changes nothing", async () => {
    const o = await stripeOrder(5);
    const ev = event("checkout.session.completed", session({ ...o, publicId: o.order.publicId }));
    const before = await countStripeEvents();
    expect((await deliver(ev, { secret: "whsec_someone_else" })).status).toBe(400);
    expect((await deliver(ev, { signature: null })).status).toBe(400);
    expect((await deliver(ev, { signature: "t=1,v1=deadbeef" })).status).toBe(400);
    // A valid signature over a different body does not count either.
    const sig = stripe.webhooks.generateTestHeaderString({ payload: JSON.stringify(ev), secret: SECRET });
    const tampered = JSON.stringify({ ...ev, data: { object: { ...ev.data.object, amount_total: 1 } } });
    const r = await call(webhook.POST, "/api/webhooks/stripe", { method: "POST", body: tampered, headers: { "stripe-signature": sig } });
    expect(r.status).toBe(400);
    expect(await countStripeEvents()).toBe(before);
    expect(await orderRow(o.order.publicId)).toMatchObject({ status: "pending", stockReserved: false });
    expect(await stockOf(o.product.id)).toBe(5);
  });

  it("checkout.session.completed (paid) → paid and stock taken; the same event twice is processed once", async () => {
    const o = await stripeOrder(5);
    const ev = event("checkout.session.completed", session({ ...o, publicId: o.order.publicId }));
    const first = await deliver(ev);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ received: true, outcome: "moved", from: "pending", status: "paid" });
    const again = await deliver(ev);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ outcome: "duplicate" });
    expect(await stockOf(o.product.id)).toBe(3);
    const row = await orderRow(o.order.publicId);
    expect(row).toMatchObject({ status: "paid", stripePaymentIntentId: o.pi, stockReserved: true });
    expect(row.paidAt).toBeInstanceOf(Date);
    expect((await paymentsOf(row.id)).map((p) => [p.provider, p.providerRef, p.status, p.amountCents])).toEqual([["stripe", o.pi, "succeeded", 3000]]);
  });

  it("out of order: expired/failed after paid are ignored; charge.refunded → refunded with stock back; a late completed stays refunded", async () => {
    const o = await stripeOrder(4);
    await deliver(event("checkout.session.completed", session({ ...o, publicId: o.order.publicId })));
    expect((await deliver(event("checkout.session.expired", session({ ...o, publicId: o.order.publicId, paymentStatus: "unpaid" })))).body).toMatchObject({ outcome: "ignored", status: "paid" });
    expect((await deliver(event("checkout.session.async_payment_failed", session({ ...o, publicId: o.order.publicId })))).body).toMatchObject({ outcome: "ignored", status: "paid" });
    expect(await stockOf(o.product.id)).toBe(2);
    // A partial refund is recorded but the order stays paid.
    const partial = await deliver(event("charge.refunded", charge({ pi: o.pi, refunded: false, amountRefunded: 1000 })));
    expect(partial.body).toMatchObject({ outcome: "recorded" });
    expect((await orderRow(o.order.publicId)).status).toBe("paid");
    const full = await deliver(event("charge.refunded", charge({ pi: o.pi })));
    expect(full.body).toMatchObject({ outcome: "moved", from: "paid", status: "refunded" });
    expect(await stockOf(o.product.id)).toBe(4);
    const late = await deliver(event("checkout.session.completed", session({ ...o, publicId: o.order.publicId })));
    expect(late.body).toMatchObject({ outcome: "ignored", status: "refunded" });
    expect(await stockOf(o.product.id)).toBe(4);
    const row = await orderRow(o.order.publicId);
    expect(row).toMatchObject({ status: "refunded", stockReserved: false });
    expect((await paymentsOf(row.id)).map((p) => p.status)).toEqual(["succeeded", "partially_refunded", "refunded"]);
  });

  it("a refund before the completion: matched by metadata → refunded, stock never taken, the late completion is ignored", async () => {
    const o = await stripeOrder(3);
    const r = await deliver(event("charge.refunded", charge({ pi: o.pi, metadata: { order_public_id: o.order.publicId } })));
    expect(r.body).toMatchObject({ outcome: "moved", from: "pending", status: "refunded" });
    const late = await deliver(event("checkout.session.completed", session({ ...o, publicId: o.order.publicId })));
    expect(late.body).toMatchObject({ outcome: "ignored", status: "refunded" });
    expect(await stockOf(o.product.id)).toBe(3);
  });

  it("a refund that cannot be placed yet answers 500 unrecorded, and applies when Stripe retries after the completion", async () => {
    const o = await stripeOrder(6);
    const refund = event("charge.refunded", charge({ pi: o.pi }));
    const before = await countStripeEvents();
    expect((await deliver(refund)).status).toBe(500);
    expect(await countStripeEvents()).toBe(before);
    await deliver(event("checkout.session.completed", session({ ...o, publicId: o.order.publicId })));
    expect(await stockOf(o.product.id)).toBe(4);
    const retry = await deliver(refund);
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ outcome: "moved", status: "refunded" });
    expect(await stockOf(o.product.id)).toBe(6);
  });

  it("delayed payment: completed unpaid keeps pending (payment intent kept); async_payment_succeeded → paid; async failure → failed", async () => {
    const o = await stripeOrder(5, 1);
    const c = await deliver(event("checkout.session.completed", session({ ...o, publicId: o.order.publicId, paymentStatus: "unpaid" })));
    expect(c.body).toMatchObject({ outcome: "ignored", status: "pending" });
    expect(await orderRow(o.order.publicId)).toMatchObject({ status: "pending", stripePaymentIntentId: o.pi });
    expect((await deliver(event("checkout.session.async_payment_succeeded", session({ ...o, publicId: o.order.publicId })))).body).toMatchObject({ status: "paid" });
    expect(await stockOf(o.product.id)).toBe(4);

    const f = await stripeOrder(5, 1);
    await deliver(event("checkout.session.completed", session({ ...f, publicId: f.order.publicId, paymentStatus: "unpaid" })));
    expect((await deliver(event("checkout.session.async_payment_failed", session({ ...f, publicId: f.order.publicId })))).body).toMatchObject({ status: "failed" });
    const e = await stripeOrder(5, 1);
    expect((await deliver(event("checkout.session.expired", session({ ...e, publicId: e.order.publicId, paymentStatus: "unpaid" })))).body).toMatchObject({ status: "canceled" });
    expect(await stockOf(f.product.id)).toBe(5);
  });

  it("paid through Stripe after stock ran out: the order is paid (money moved) but flagged stock-short; a refund then gives nothing back", async () => {
    const o = await stripeOrder(1, 2);
    const r = await deliver(event("checkout.session.completed", session({ ...o, publicId: o.order.publicId })));
    expect(r.body).toMatchObject({ outcome: "moved", status: "paid", stockShort: true });
    expect(await orderRow(o.order.publicId)).toMatchObject({ status: "paid", stockReserved: false });
    expect(await stockOf(o.product.id)).toBe(1);
    await deliver(event("charge.refunded", charge({ pi: o.pi })));
    expect(await stockOf(o.product.id)).toBe(1);
  });

  it("other event types and unknown sessions are acknowledged and change nothing", async () => {
    expect((await deliver(event("customer.created", { id: "cus_1", object: "customer" }))).body).toMatchObject({ outcome: "unhandled" });
    const ev = event("checkout.session.completed", session({ sessionId: "cs_unknown", pi: "pi_unknown", publicId: "nobody" }));
    expect((await deliver(ev)).body).toMatchObject({ outcome: "recorded" });
    expect((await deliver(ev)).body).toMatchObject({ outcome: "duplicate" });
  });

  it("checkout.session.completed with shipping details and tax: the order keeps the address, rate, shipping, tax and Stripe's total", async () => {
    const o = await stripeOrder(5); // 2 × 15.00
    const shipTo = { name: "Marie Curie", address: { line1: "1 rue Pierre", line2: "Bât. B", postal_code: "75005", city: "Paris", state: null, country: "FR" } };
    const paid = {
      ...session({ ...o, publicId: o.order.publicId, amount: 4308 }),
      amount_subtotal: 3000,
      customer_details: { email: "w@example.com", name: "Marie Curie", phone: "+33 1 23 45 67 89" },
      collected_information: { shipping_details: shipTo },
      shipping_cost: { amount_subtotal: 590, amount_tax: 118, amount_total: 590, shipping_rate: "shr_test_1" },
      total_details: { amount_discount: 0, amount_shipping: 590, amount_tax: 718 },
    };
    expect((await deliver(event("checkout.session.completed", paid))).body).toMatchObject({ outcome: "moved", status: "paid" });
    expect(await orderRow(o.order.publicId)).toMatchObject({
      status: "paid",
      subtotalCents: 3000,
      shippingCents: 590,
      taxCents: 718,
      totalCents: 4308,
      shippingRate: "Standard (3–5 days)",
      shippingAddress: { name: "Marie Curie", line1: "1 rue Pierre", line2: "Bât. B", postalCode: "75005", city: "Paris", state: null, country: "FR", phone: "+33 1 23 45 67 89" },
    });
    const row = await orderRow(o.order.publicId);
    expect((await listOrderEvents(row.id)).map((e) => [e.kind, e.actor, e.toStatus])).toEqual([["placed", "shopper", "pending"], ["pay", "Stripe", "paid"], ["email_confirmation", "system", null]]);
    // No SMTP_URL here: the confirmation is written as an .eml file.
    expect((await listMailFiles()).some((m) => m.subject === `Order ${o.order.publicId.slice(0, 8)} confirmed` && m.to === "w@example.com")).toBe(true);

    // Older API versions send the address as shipping_details.
    const old = await stripeOrder(5);
    const legacy = { ...session({ ...old, publicId: old.order.publicId }), shipping_details: shipTo, total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 } };
    await deliver(event("checkout.session.completed", legacy));
    expect((await orderRow(old.order.publicId)).shippingAddress).toMatchObject({ city: "Paris", country: "FR" });
  });

  it("charge.refunded, partial: Stripe's running total is applied once (order and lines), status and stock stay; the full refund ends it", async () => {
    const o = await stripeOrder(5, 2);
    await deliver(event("checkout.session.completed", session({ ...o, publicId: o.order.publicId })));
    const first = event("charge.refunded", charge({ pi: o.pi, refunded: false, amountRefunded: 1000 }));
    expect((await deliver(first)).body).toMatchObject({ outcome: "recorded" });
    expect((await deliver(first)).body).toMatchObject({ outcome: "duplicate" });
    let row = await orderRow(o.order.publicId);
    expect(row).toMatchObject({ status: "paid", refundedCents: 1000, stockReserved: true });
    expect((await getOrderItems(row.id)).map((i) => [i.refundedCents, i.refundedQuantity])).toEqual([[1000, 0]]);
    expect(await stockOf(o.product.id)).toBe(3);
    await deliver(event("charge.refunded", charge({ pi: o.pi, refunded: false, amountRefunded: 2500 })));
    row = await orderRow(o.order.publicId);
    expect(row).toMatchObject({ status: "paid", refundedCents: 2500 });
    expect((await getOrderItems(row.id))[0]?.refundedCents).toBe(2500);
    expect((await listOrderEvents(row.id)).filter((e) => e.kind === "refund_partial").map((e) => e.note)).toEqual(["1000 cents refunded", "1500 cents refunded"]);
    expect((await deliver(event("charge.refunded", charge({ pi: o.pi, refunded: true, amountRefunded: 3000 })))).body).toMatchObject({ outcome: "moved", status: "refunded" });
    expect(await orderRow(o.order.publicId)).toMatchObject({ status: "refunded", refundedCents: 3000 });
    expect(await stockOf(o.product.id)).toBe(5);
    expect((await paymentsOf(row.id)).map((p) => [p.status, p.amountCents])).toEqual([["succeeded", 3000], ["partially_refunded", 1000], ["partially_refunded", 2500], ["refunded", 3000]]);
  });

  it("a signed event with a null object or a non-numeric `created` is refused with 422 and changes nothing", async () => {
    const o = await stripeOrder(5);
    const before = await countStripeEvents();
    const nullObject = { ...event("checkout.session.completed", {}), data: { object: null } };
    const badCreated = { ...event("checkout.session.completed", session({ ...o, publicId: o.order.publicId })), created: "yesterday" };
    const noSessionId = event("checkout.session.completed", { payment_status: "paid" });
    const badCharge = event("charge.refunded", { id: "ch_x", refunded: "yes" });
    for (const ev of [nullObject, badCreated, noSessionId, badCharge]) {
      const r = await deliver(ev);
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject({ error: { code: "validation_failed" } });
    }
    expect(await countStripeEvents()).toBe(before);
    expect(await orderRow(o.order.publicId)).toMatchObject({ status: "pending" });
  });
});
