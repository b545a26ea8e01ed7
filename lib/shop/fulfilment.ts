import { listOrderEvents, type Actor } from "@/db/queries/order-events";
import { applyLineRefund, type RefundLine, type RefundResult } from "@/db/queries/order-refunds";
import { getOrderPayments, transitionOrder, type TransitionResult } from "@/db/queries/orders";
import type { Order, OrderItem } from "@/db/schema";
import { ConflictError, InvalidInputError, NotFoundError } from "@/lib/errors";
import { sendOrderMail } from "./emails";
import { orderWithItems } from "./orders";
import { taxShare } from "./pricing";
import { refundSchema, shipSchema, type RefundRequest } from "./schemas";
import { STATUS_LABEL, isPaidStatus } from "./states";
import { stripeClient } from "./stripe";

// What happens after "paid": the admin ships (carrier, tracking number), marks delivered, cancels or
// refunds (the whole order or some lines). Every change is an order event with who and when; the
// buyer gets the shipped and refunded e-mails.

async function mustFind(publicId: string): Promise<{ order: Order; items: OrderItem[] }> {
  const found = await orderWithItems(publicId);
  if (!found) throw new NotFoundError("Order");
  return found;
}

/** Everything the admin order page shows: the order, its lines, payments and timeline. */
export async function orderDetail(publicId: string) {
  const { order, items } = await mustFind(publicId);
  const [events, payments] = await Promise.all([listOrderEvents(order.id), getOrderPayments(order.id)]);
  return { order, items, events, payments };
}

/** The buyer's timeline: status changes and refunds, without the internal notes. */
export async function orderTimeline(orderId: number) {
  const events = await listOrderEvents(orderId);
  return events.filter((e) => !e.kind.startsWith("email_")).map((e) => ({ id: e.id, kind: e.kind, status: e.toStatus, at: e.createdAt }));
}

function refused(r: TransitionResult, what: string): never {
  if (r.outcome === "ignored") throw new ConflictError(`This order cannot be ${what}: it is ${STATUS_LABEL[r.status].toLowerCase()}`);
  throw new ConflictError(`This order cannot be ${what} now`);
}

export async function shipOrder(publicId: string, input: unknown, actor: Actor, origin: string): Promise<void> {
  const { carrier, trackingNumber } = shipSchema.parse(input);
  const { order } = await mustFind(publicId);
  const r = await transitionOrder({ orderId: order.id, action: "ship", onStockShort: "keep-paid", actor, patch: { carrier, trackingNumber }, note: `${carrier} ${trackingNumber}` });
  if (r.outcome !== "moved") refused(r, "shipped");
  await sendOrderMail("shipped", publicId, origin);
}

export async function deliverOrder(publicId: string, actor: Actor): Promise<void> {
  const { order } = await mustFind(publicId);
  const r = await transitionOrder({ orderId: order.id, action: "deliver", onStockShort: "keep-paid", actor });
  if (r.outcome !== "moved") refused(r, "marked delivered");
}

/** Cancels an order that was never paid (a paid one is refunded instead). */
export async function cancelOrder(publicId: string, actor: Actor): Promise<void> {
  const { order } = await mustFind(publicId);
  if (isPaidStatus(order.status)) throw new ConflictError("This order is paid: refund it instead of canceling");
  const r = await transitionOrder({ orderId: order.id, action: "cancel", onStockShort: "fail", actor });
  if (r.outcome !== "moved") refused(r, "canceled");
}

/** Which lines and how much money a refund request gives back (goods, their share of tax; the rest of shipping and tax on the last line). */
export function planRefund(order: Order, items: OrderItem[], req: RefundRequest): { lines: RefundLine[]; amountCents: number } {
  const wanted = "all" in req ? items.map((i) => ({ productId: i.productId, quantity: i.quantity - i.refundedQuantity })) : req.lines;
  const lines: RefundLine[] = [];
  for (const w of wanted) {
    const item = items.find((i) => i.productId === w.productId);
    if (!item) throw new InvalidInputError(`Product ${w.productId} is not in this order`);
    const q = Math.min(w.quantity, item.quantity - item.refundedQuantity);
    if (q > 0) lines.push({ productId: item.productId, quantity: q, cents: q * item.unitPriceCents });
  }
  if (lines.length === 0) throw new InvalidInputError("Nothing left to refund on these lines");
  const completes = items.every((i) => i.quantity - i.refundedQuantity === (lines.find((l) => l.productId === i.productId)?.quantity ?? 0));
  const goods = lines.reduce((s, l) => s + l.cents, 0);
  const amountCents = completes ? order.totalCents - order.refundedCents : goods + taxShare(order.taxCents, goods, order.subtotalCents + order.shippingCents);
  return { lines, amountCents: Math.max(0, Math.min(amountCents, order.totalCents - order.refundedCents)) };
}

/**
 * Refunds the whole order or some lines: through Stripe's refund API for Stripe orders (the money first;
 * if Stripe refuses, nothing changes here), recorded directly for demo orders. Stock comes back for the
 * refunded quantities; the buyer gets the refunded e-mail.
 */
export async function refundOrder(publicId: string, input: unknown, actor: Actor, origin: string): Promise<RefundResult> {
  const req = refundSchema.parse(input);
  const { order, items } = await mustFind(publicId);
  if (!isPaidStatus(order.status)) throw new ConflictError(`Only a paid order can be refunded; this one is ${STATUS_LABEL[order.status].toLowerCase()}`);
  const plan = planRefund(order, items, req);
  let providerRef: string | null = null;
  if (order.paymentMode === "stripe") {
    const stripe = stripeClient();
    if (!stripe) throw new ConflictError("Stripe is not configured on this server, so a Stripe order cannot be refunded here");
    if (!order.stripePaymentIntentId) throw new ConflictError("This order has no Stripe payment to refund");
    const refund = await stripe.refunds.create(
      { payment_intent: order.stripePaymentIntentId, amount: plan.amountCents, metadata: { order_public_id: order.publicId } },
      // The same request twice (a double click) is one refund at Stripe.
      { idempotencyKey: `refund-${order.publicId}-${order.refundedCents}-${plan.amountCents}` },
    );
    providerRef = refund.id;
  }
  const r = await applyLineRefund({
    orderId: order.id,
    lines: plan.lines,
    amountCents: plan.amountCents,
    refundedBefore: order.refundedCents,
    actor,
    note: plan.lines.map((l) => `${l.quantity} × ${items.find((i) => i.productId === l.productId)?.name ?? l.productId}`).join(", "),
    payment: { provider: order.paymentMode === "stripe" ? "stripe" : "demo", providerRef, amountCents: plan.amountCents, currency: order.currency, status: "refunded" },
  });
  if (r.outcome === "refunded") await sendOrderMail("refunded", publicId, origin);
  return r;
}
