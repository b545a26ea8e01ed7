import { randomBytes } from "node:crypto";
import { cartLines, removeCartProducts } from "@/db/queries/cart";
import { clickMoments, getOrderByPublicId, getOrderItems, insertOrderWithItems, setOrderStripeSession, transitionOrder } from "@/db/queries/orders";
import type { Order, OrderItem } from "@/db/schema";
import { ConflictError, DomainError, InvalidInputError } from "@/lib/errors";
import { env, isTestRun } from "@/lib/env";
import { findCart, toCartView, type CookieChange, type Shopper } from "./cart";
import { ownerKeyHash } from "./order-access";
import { rateCost } from "./pricing";
import { getShopSettings } from "./settings";
import { stripeClient, type Stripe } from "./stripe";

import { PUBLIC_ID_RE } from "./schemas";

export { PUBLIC_ID_RE };

export { checkoutSchema } from "./schemas";
export { declineDemo, payDemo } from "./demo";

export function newPublicId(): string {
  return randomBytes(18).toString("base64url");
}

export type PlacedOrder = { order: Order; redirectUrl: string; cookie: CookieChange };

/**
 * Turns the shopper's cart into a pending order: stock and currency checked now (stock is taken only
 * when the payment succeeds), prices copied, the video/click of each line kept. With Stripe keys the
 * shopper is sent to a Checkout Session, otherwise to the demo payment page. The cart is left as it is
 * until the order is paid, so a canceled payment returns to a full cart.
 */
export async function placeOrder(s: Shopper & { email?: string | null }, origin: string): Promise<PlacedOrder> {
  const { cartId, cookie } = await findCart(s);
  const lines = cartId ? await cartLines(cartId) : [];
  if (lines.length === 0) throw new ConflictError("Your cart is empty");
  const view = toCartView(lines);
  if (view.problems.length > 0) throw new ConflictError(view.problems.join(" "));
  if (!view.currency) throw new ConflictError("Your cart has no currency");
  const email = s.email?.trim() || null;
  if (s.userId === null && !email) throw new InvalidInputError("Enter your e-mail address so we can send the receipt");
  const mode = env().paymentMode;
  // The order remembers the latest line that came from a click (else from a video); each line keeps its own.
  const newestFirst = [...lines].reverse();
  const latest = newestFirst.find((l) => l.clickId !== null) ?? newestFirst.find((l) => l.videoId !== null);
  const moments = await clickMoments(lines.flatMap((l) => (l.clickId === null ? [] : [l.clickId])));
  const order = await insertOrderWithItems(
    {
      publicId: newPublicId(),
      userId: s.userId,
      email,
      status: "pending",
      // Shipping and tax are added once the address is known (the demo page, or Stripe's completion event).
      subtotalCents: view.totalCents,
      totalCents: view.totalCents,
      currency: view.currency,
      paymentMode: mode,
      videoId: latest?.videoId ?? null,
      clickId: latest?.clickId ?? null,
      // An anonymous order belongs to the browser whose cart it was (see order-access.ts).
      ownerKeyHash: s.userId === null && cartId ? ownerKeyHash(cartId) : null,
    },
    lines.map((l) => ({
      productId: l.productId,
      name: l.product.name,
      unitPriceCents: l.product.priceCents,
      quantity: l.quantity,
      videoId: l.videoId,
      clickId: l.clickId,
      clickPtsMs: l.clickId === null ? null : (moments.get(l.clickId) ?? null),
    })),
    { label: s.userId === null ? "shopper" : "shopper (signed in)", userId: s.userId },
  );
  if (mode === "demo") return { order, redirectUrl: `/checkout/demo/${order.publicId}`, cookie };
  const items = await getOrderItems(order.id);
  try {
    return { order, redirectUrl: await createCheckoutSession(order, items, origin), cookie };
  } catch (e) {
    // No session, so no payment can ever arrive for this order: close it instead of leaving it pending.
    if (!isTestRun()) console.error("[checkout] Stripe session creation failed", e);
    await transitionOrder({ orderId: order.id, action: "expire", onStockShort: "fail" });
    throw new DomainError("internal", "We could not reach the payment provider. Nothing was charged; try again in a moment.");
  }
}

/** A Stripe Checkout Session for a pending order (price_data lines; the order's public id in metadata). */
export async function createCheckoutSession(order: Order, items: OrderItem[], origin: string): Promise<string> {
  const stripe = stripeClient();
  if (!stripe) throw new Error("Stripe is not configured");
  const base = (env().APP_URL ?? origin).replace(/\/$/, "");
  const settings = await getShopSettings();
  const automaticTax = env().STRIPE_AUTOMATIC_TAX;
  const currency = order.currency.toLowerCase();
  const taxBehavior = automaticTax ? ({ tax_behavior: "exclusive" } as const) : {};
  const session = await stripe.checkout.sessions.create(
    {
      mode: "payment",
      line_items: items.map((i) => ({
        quantity: i.quantity,
        price_data: { currency, unit_amount: i.unitPriceCents, product_data: { name: i.name }, ...taxBehavior },
      })),
      shipping_address_collection: { allowed_countries: settings.countries as Stripe.Checkout.SessionCreateParams.ShippingAddressCollection.AllowedCountry[] },
      // Free-over-X is decided here, on the goods in this order; Stripe shows the rates as they are.
      shipping_options: settings.shippingRates.map((r) => ({
        shipping_rate_data: { type: "fixed_amount", display_name: r.label, fixed_amount: { amount: rateCost(r, order.subtotalCents), currency }, metadata: { rate_id: r.id }, ...taxBehavior },
      })),
      ...(automaticTax ? { automatic_tax: { enabled: true } } : {}),
      metadata: { order_public_id: order.publicId },
      payment_intent_data: { metadata: { order_public_id: order.publicId } },
      client_reference_id: order.publicId,
      ...(order.email ? { customer_email: order.email } : {}),
      // Back through a route handler that settles the cart before any page renders (checkout/return).
      success_url: `${base}/checkout/return/${order.publicId}?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${base}/cart`,
    },
    { idempotencyKey: `order-${order.publicId}` },
  );
  await setOrderStripeSession(order.id, session.id);
  if (!session.url) throw new Error("Stripe returned a session without a URL");
  return session.url;
}

/** Removes a paid order's products from the shopper's cart (called where the shopper's cookie is at hand). */
export async function clearOrderedFromCart(s: Shopper, order: Order): Promise<void> {
  if (order.status !== "paid") return;
  const { cartId } = await findCart({ ...s, cartCookie: s.userId === null ? s.cartCookie : undefined });
  if (!cartId) return;
  const items = await getOrderItems(order.id);
  await removeCartProducts(cartId, items.map((i) => i.productId));
}

/**
 * The shopper is back from Stripe Checkout, or their waiting order page saw the order move on: when the
 * order is paid and `sessionId` is its Checkout Session, the bought products leave this shopper's cart.
 * Call it from a route handler or server action, never while a page renders: the header (root layout)
 * counts the cart at the same time, and would show the count from before.
 */
export async function settleStripeReturn(s: Shopper, publicId: string, sessionId: string | null): Promise<Order | undefined> {
  const order = PUBLIC_ID_RE.test(publicId) ? await getOrderByPublicId(publicId) : undefined;
  if (!order) return undefined;
  if (sessionId !== null && order.stripeSessionId !== null && sessionId === order.stripeSessionId) await clearOrderedFromCart(s, order);
  return order;
}

/** Where a return from Stripe lands: the order page, still marked as "back" while the payment is pending. */
export function orderPagePath(publicId: string, pendingSessionId?: string | null): string {
  const page = `/orders/${encodeURIComponent(publicId)}`;
  return pendingSessionId ? `${page}?session_id=${encodeURIComponent(pendingSessionId)}` : page;
}

export async function orderWithItems(publicId: string): Promise<{ order: Order; items: OrderItem[] } | undefined> {
  if (!PUBLIC_ID_RE.test(publicId)) return undefined;
  const order = await getOrderByPublicId(publicId);
  if (!order) return undefined;
  return { order, items: await getOrderItems(order.id) };
}

export function toOrderJson(order: Order, items: OrderItem[], shownEmail: string | null = order.email) {
  return {
    publicId: order.publicId,
    status: order.status,
    totalCents: order.totalCents,
    currency: order.currency,
    paymentMode: order.paymentMode,
    email: shownEmail,
    videoId: order.videoId,
    clickId: order.clickId,
    subtotalCents: order.subtotalCents,
    shippingCents: order.shippingCents,
    taxCents: order.taxCents,
    refundedCents: order.refundedCents,
    shippingRate: order.shippingRate,
    carrier: order.carrier,
    trackingNumber: order.trackingNumber,
    createdAt: order.createdAt.toISOString(),
    paidAt: order.paidAt?.toISOString() ?? null,
    items: items.map((i) => ({
      productId: i.productId,
      name: i.name,
      unitPriceCents: i.unitPriceCents,
      quantity: i.quantity,
      videoId: i.videoId,
      clickId: i.clickId,
      clickPtsMs: i.clickPtsMs,
      refundedQuantity: i.refundedQuantity,
    })),
  };
}
