// Display helpers shared by server and client components (no server-only imports here).

/** "€12.50" for 1250 EUR. priceCents is always 1/100 of the currency's main unit. */
export function formatPrice(priceCents: number, currency: string, locale = "en"): string {
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency }).format(priceCents / 100);
  } catch {
    return `${(priceCents / 100).toFixed(2)} ${currency}`;
  }
}

/** "12.50" — the price as an admin types it. */
export function priceInput(priceCents: number): string {
  return (priceCents / 100).toFixed(2);
}

export const LOW_STOCK = 5;

export function stockState(stock: number): { label: string; tone: "ok" | "low" | "out" } {
  if (stock <= 0) return { label: "Out of stock", tone: "out" };
  if (stock <= LOW_STOCK) return { label: `Only ${stock} left`, tone: "low" };
  return { label: "In stock", tone: "ok" };
}
