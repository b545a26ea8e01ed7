import type { OrderPatch } from "@/db/queries/orders";
import type { ShippingAddress } from "@/db/schema";
import { rateCost } from "./pricing";
import type { ShopSettings } from "./settings";
import type { Stripe } from "./stripe";

type Session = Stripe.Checkout.Session;
type StripeShipping = { name?: string | null; phone?: string | null; address?: Stripe.Address | null } | null | undefined;

/** The address Stripe Checkout collected (collected_information on current API versions, shipping_details on older ones). */
export function sessionAddress(s: Session): ShippingAddress | null {
  const legacy = (s as unknown as { shipping_details?: StripeShipping }).shipping_details;
  const d: StripeShipping = s.collected_information?.shipping_details ?? legacy;
  const a = d?.address;
  if (!d || !a?.country) return null;
  return {
    name: d.name ?? s.customer_details?.name ?? "",
    line1: a.line1 ?? "",
    line2: a.line2 ?? null,
    postalCode: a.postal_code ?? "",
    city: a.city ?? "",
    state: a.state ?? null,
    country: a.country,
    phone: s.customer_details?.phone ?? null,
  };
}

/** Address, shipping rate and the totals Stripe charged (subtotal, shipping, tax, total), for the order row. */
export function sessionTotals(s: Session, settings: ShopSettings, subtotalFallback: number): OrderPatch {
  const subtotal = s.amount_subtotal ?? subtotalFallback;
  const shipping = s.shipping_cost?.amount_total ?? s.total_details?.amount_shipping ?? 0;
  const rate = s.shipping_cost?.shipping_rate;
  // Our rates are created inline (shipping_rate_data), so an unexpanded id is matched back by its price.
  const label =
    rate && typeof rate !== "string"
      ? rate.display_name
      : s.shipping_cost
        ? (settings.shippingRates.find((r) => rateCost(r, subtotal) === (s.shipping_cost?.amount_subtotal ?? shipping))?.label ?? `Stripe ${rate ?? "shipping"}`)
        : null;
  const address = sessionAddress(s);
  return {
    subtotalCents: subtotal,
    shippingCents: shipping,
    taxCents: s.total_details?.amount_tax ?? 0,
    ...(s.amount_total !== null ? { totalCents: s.amount_total } : {}),
    ...(address ? { shippingAddress: address } : {}),
    ...(label ? { shippingRate: label } : {}),
  };
}
