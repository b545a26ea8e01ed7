import { applyAmountRefund } from "@/db/queries/order-refunds";
import { findOrderId, getOrderById, recordStripeEvent, transitionOrder, type TransitionResult } from "@/db/queries/orders";
import { sendOrderMail } from "./emails";
import { getShopSettings } from "./settings";
import type { OrderAction } from "./states";
import type { Stripe } from "./stripe";
import { sessionTotals } from "./stripe-session";
import { assertStripeEventShape } from "./webhook-payload";

export type WebhookOutcome = TransitionResult | { outcome: "unhandled" } | { outcome: "recorded" };

/**
 * Applies one verified Stripe event, then sends the buyer the e-mail the change calls for (confirmation
 * when paid, refunded on a refund); links in it start at `origin` (or APP_URL).
 */
export async function handleStripeEventAndNotify(event: Stripe.Event, origin: string): Promise<WebhookOutcome> {
  const r = await handleStripeEvent(event);
  const orderId = r.outcome === "moved" || (r.outcome === "recorded" && event.type === "charge.refunded") ? await orderIdFor(event) : undefined;
  const order = orderId ? await getOrderById(orderId) : undefined;
  if (order && r.outcome === "moved" && r.status === "paid") await sendOrderMail("confirmation", order.publicId, origin);
  else if (order && event.type === "charge.refunded") await sendOrderMail("refunded", order.publicId, origin);
  return r;
}

type Session = Stripe.Checkout.Session;

const idOf = (v: string | { id: string } | null | undefined): string | null => (v == null ? null : typeof v === "string" ? v : v.id);

async function orderForSession(s: Session): Promise<number | undefined> {
  return (await findOrderId({ sessionId: s.id })) ?? (s.metadata?.order_public_id ? await findOrderId({ publicId: s.metadata.order_public_id }) : undefined);
}

/**
 * Applies one verified Stripe event. Every event id is stored in stripe_events in the same transaction
 * as the change it causes, so a repeated delivery is answered but changes nothing. Events for orders we
 * do not know are recorded and ignored — except a refund we cannot place yet (see below).
 */
/** Answered 500 (not recorded) so Stripe delivers the event again later. */
export class RefundNotPlaceable extends Error {
  constructor() {
    super("Order for this refund is not known yet; retry later");
  }
}

async function orderIdFor(event: Stripe.Event): Promise<number | undefined> {
  const o = event.data.object as { id: string; object: string; payment_intent?: string | { id: string } | null; metadata?: Stripe.Metadata | null };
  const pi = idOf(o.payment_intent);
  return (
    (o.object === "checkout.session" ? await findOrderId({ sessionId: o.id }) : undefined) ??
    (pi ? await findOrderId({ paymentIntentId: pi }) : undefined) ??
    (o.metadata?.order_public_id ? await findOrderId({ publicId: o.metadata.order_public_id }) : undefined)
  );
}

export async function handleStripeEvent(event: Stripe.Event): Promise<WebhookOutcome> {
  assertStripeEventShape(event);
  const ev = { id: event.id, type: event.type, createdAt: new Date(event.created * 1000) };
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
    case "checkout.session.async_payment_failed":
    case "checkout.session.expired": {
      const s = event.data.object;
      const orderId = await orderForSession(s);
      if (!orderId) return (await recordStripeEvent(ev)) ? { outcome: "recorded" } : { outcome: "duplicate" };
      let action: OrderAction | null;
      if (event.type === "checkout.session.expired") action = "expire";
      else if (event.type === "checkout.session.async_payment_failed") action = "fail";
      // completed with payment_status "unpaid" = a delayed method (bank debit): stays pending until async_payment_*.
      else action = s.payment_status === "paid" || s.payment_status === "no_payment_required" ? "pay" : null;
      const pi = idOf(s.payment_intent);
      if (!action) {
        // Remember the payment intent (a refund may be matched by it) but keep the order pending.
        return transitionOrder({ orderId, action: null, event: ev, paymentIntentId: pi, onStockShort: "keep-paid" });
      }
      // The address, shipping rate and tax Stripe collected become the order's (paid at these totals).
      const order = action === "pay" ? await getOrderById(orderId) : undefined;
      const patch = order ? sessionTotals(s, await getShopSettings(), order.subtotalCents) : undefined;
      return transitionOrder({
        orderId,
        action,
        event: ev,
        paymentIntentId: pi,
        onStockShort: "keep-paid",
        patch,
        payment:
          action === "expire"
            ? undefined
            : { provider: "stripe", providerRef: pi ?? s.id, amountCents: s.amount_total ?? 0, currency: (s.currency ?? "").toUpperCase(), status: action === "pay" ? "succeeded" : "failed" },
      });
    }
    case "charge.refunded": {
      const c = event.data.object;
      const pi = idOf(c.payment_intent);
      const orderId =
        (pi ? await findOrderId({ paymentIntentId: pi }) : undefined) ??
        (c.metadata?.order_public_id ? await findOrderId({ publicId: c.metadata.order_public_id }) : undefined);
      if (!orderId) {
        // The refund came before the checkout.session.completed that tells us its payment intent: answer
        // 500 without recording the event, so Stripe delivers it again once the order can be found.
        throw new RefundNotPlaceable();
      }
      const payment = { provider: "stripe", providerRef: c.id, amountCents: c.amount_refunded, currency: c.currency.toUpperCase(), status: c.refunded ? "refunded" : "partially_refunded" };
      // Partial: amount_refunded is Stripe's running total; the part the app has not counted yet is applied.
      if (!c.refunded) return (await applyAmountRefund({ orderId, amountRefunded: c.amount_refunded, payment, event: ev })) ? { outcome: "recorded" } : { outcome: "duplicate" };
      return transitionOrder({ orderId, action: "refund", event: ev, paymentIntentId: pi, onStockShort: "keep-paid", payment });
    }
    default:
      return { outcome: "unhandled" };
  }
}
