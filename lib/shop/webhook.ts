import { findOrderId, recordPaymentOnly, recordStripeEvent, transitionOrder, type TransitionResult } from "@/db/queries/orders";
import { ApiError } from "@/lib/api/errors";
import type { OrderAction } from "./states";
import type { Stripe } from "./stripe";
import { assertStripeEventShape } from "./webhook-payload";

export type WebhookOutcome = TransitionResult | { outcome: "unhandled" } | { outcome: "recorded" };

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
      return transitionOrder({
        orderId,
        action,
        event: ev,
        paymentIntentId: pi,
        onStockShort: "keep-paid",
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
        throw new ApiError("internal", "Order for this refund is not known yet; retry later", undefined, { "retry-after": "60" });
      }
      const payment = { provider: "stripe", providerRef: c.id, amountCents: c.amount_refunded, currency: c.currency.toUpperCase(), status: c.refunded ? "refunded" : "partially_refunded" };
      if (!c.refunded) return (await recordPaymentOnly(orderId, payment, ev)) ? { outcome: "recorded" } : { outcome: "duplicate" };
      return transitionOrder({ orderId, action: "refund", event: ev, paymentIntentId: pi, onStockShort: "keep-paid", payment });
    }
    default:
      return { outcome: "unhandled" };
  }
}
