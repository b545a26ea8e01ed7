import type { ShippingRate, ShopSettings } from "./settings";

// Shipping and tax arithmetic, pure: integer cents, rounded half up once per amount.

/** What a rate costs for goods worth `subtotalCents` (free-over-X applies to the goods only). */
export function rateCost(rate: ShippingRate, subtotalCents: number): number {
  return rate.freeOverCents !== null && subtotalCents >= rate.freeOverCents ? 0 : rate.amountCents;
}

/** Tax from the settings' table on goods + shipping; a country missing from the table pays none. */
export function taxFor(settings: ShopSettings, country: string, taxableCents: number): { cents: number; percent: number } {
  const percent = settings.taxRates[country] ?? 0;
  return { cents: Math.round((taxableCents * percent) / 100), percent };
}

export type Quote = { subtotalCents: number; shippingCents: number; taxCents: number; totalCents: number; rate: ShippingRate; taxPercent: number };

/** Totals for goods shipped to `country` with the rate `rateId`; null when we do not ship there or the rate is unknown. */
export function quote(settings: ShopSettings, subtotalCents: number, country: string, rateId: string): Quote | null {
  if (!settings.countries.includes(country)) return null;
  const rate = settings.shippingRates.find((r) => r.id === rateId);
  if (!rate) return null;
  const shippingCents = rateCost(rate, subtotalCents);
  const tax = taxFor(settings, country, subtotalCents + shippingCents);
  return { subtotalCents, shippingCents, taxCents: tax.cents, totalCents: subtotalCents + shippingCents + tax.cents, rate, taxPercent: tax.percent };
}

/** Shares `amountCents` of tax over a refund of `partCents` out of `baseCents` (goods + shipping). */
export function taxShare(taxCents: number, partCents: number, baseCents: number): number {
  return baseCents > 0 ? Math.round((taxCents * partCents) / baseCents) : 0;
}
