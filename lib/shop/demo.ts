import { transitionOrder, type TransitionResult } from "@/db/queries/orders";
import type { Order, ShippingAddress } from "@/db/schema";
import { env } from "@/lib/env";
import { ConflictError, InvalidInputError } from "@/lib/errors";
import { ownedOrder, type OrderViewer } from "./order-access";
import { sendOrderMail } from "./emails";
import { quote } from "./pricing";
import { addressFormSchema, type AddressForm } from "./schemas";
import { getShopSettings } from "./settings";

// The demo payment page (no Stripe keys): it collects the address and shipping rate Stripe Checkout would,
// and moves the order through the same transitions as the Stripe webhook.

/** Only the buyer who placed the order (lib/shop/order-access.ts) may pay for it or decline it. */
async function demoOrder(publicId: string, viewer: OrderViewer): Promise<Order> {
  const order = await ownedOrder(publicId, viewer);
  if (order.paymentMode !== "demo") throw new ConflictError("This order is paid through Stripe, not the demo page");
  return order;
}

/** Totals for the order shipped to the address with the chosen rate; a country or rate we do not offer → InvalidInputError. */
export async function demoQuote(order: Order, input: AddressForm) {
  const address = addressFormSchema.parse(input);
  const settings = await getShopSettings();
  if (!settings.countries.includes(address.country)) throw new InvalidInputError(`We do not ship to ${address.country}`, { field: "country" });
  const q = quote(settings, order.subtotalCents, address.country, address.rate);
  if (!q) throw new InvalidInputError("Choose one of the shipping rates offered", { field: "rate" });
  const { rate: _rate, ...shipTo } = address;
  const stored: ShippingAddress = shipTo;
  return { quote: q, address: stored };
}

/**
 * Demo "Pay": with an address, shipping and tax are added to the order first (as Stripe's completion
 * event does); then the same transition the webhook uses (stock gone meanwhile → declined). A paid order
 * gets its confirmation e-mail; links in it start at `origin` (or APP_URL).
 */
export async function payDemo(publicId: string, viewer: OrderViewer, address?: AddressForm, origin?: string): Promise<TransitionResult> {
  const order = await demoOrder(publicId, viewer);
  const shipping = address ? await demoQuote(order, address) : null;
  const patch = shipping
    ? {
        shippingAddress: shipping.address,
        shippingRate: shipping.quote.rate.label,
        shippingCents: shipping.quote.shippingCents,
        taxCents: shipping.quote.taxCents,
        totalCents: shipping.quote.totalCents,
      }
    : undefined;
  const total = patch?.totalCents ?? order.totalCents;
  const r = await transitionOrder({
    orderId: order.id,
    action: "pay",
    onStockShort: "fail",
    actor: { label: "shopper (demo payment)", userId: order.userId },
    patch,
    payment: { provider: "demo", providerRef: null, amountCents: total, currency: order.currency, status: "succeeded" },
  });
  if (r.outcome === "moved" && r.status === "paid") await sendOrderMail("confirmation", order.publicId, origin ?? `http://localhost:${env().PORT}`);
  return r;
}

export async function declineDemo(publicId: string, viewer: OrderViewer): Promise<TransitionResult> {
  const order = await demoOrder(publicId, viewer);
  return transitionOrder({
    orderId: order.id,
    action: "fail",
    onStockShort: "fail",
    actor: { label: "shopper (demo payment)", userId: order.userId },
    payment: { provider: "demo", providerRef: null, amountCents: order.totalCents, currency: order.currency, status: "declined" },
  });
}
