import { z } from "zod";
import { getShopSetting, putShopSetting } from "@/db/queries/shop-settings";
import { InvalidInputError } from "@/lib/errors";

// Catalogue settings for checkout: where we ship, what shipping costs, and the tax table used when
// Stripe automatic tax is off. Stored as JSON in shop_settings; admins edit them on /admin/shop-settings.

const country = z.string().regex(/^[A-Z]{2}$/, "a two-letter country code (ISO 3166-1 alpha-2)");

export const shippingRateSchema = z.object({
  id: z.string().regex(/^[a-z0-9_-]{1,32}$/, "lower-case letters, digits, - and _"),
  label: z.string().trim().min(1).max(80),
  amountCents: z.number().int().min(0).max(1_000_000),
  /** Free when the goods cost at least this much (null: never free). */
  freeOverCents: z.number().int().min(0).nullable().default(null),
});

export const shopSettingsSchema = z.object({
  /** Countries we ship to; Stripe Checkout offers exactly these. */
  countries: z.array(country).min(1).max(200),
  /** At most 5 (Stripe Checkout's limit); the first is the default. */
  shippingRates: z.array(shippingRateSchema).min(1).max(5),
  /** VAT/sales tax in percent per country, charged on goods + shipping when Stripe automatic tax is off. */
  taxRates: z.record(country, z.number().min(0).max(100)),
});

export type ShopSettings = z.infer<typeof shopSettingsSchema>;
export type ShippingRate = z.infer<typeof shippingRateSchema>;

export const DEFAULT_SHOP_SETTINGS: ShopSettings = {
  countries: ["AT", "BE", "CH", "DE", "DK", "ES", "FR", "GB", "IE", "IT", "NL", "PL", "PT", "SE", "US"],
  shippingRates: [
    { id: "standard", label: "Standard (3–5 days)", amountCents: 590, freeOverCents: 10000 },
    { id: "express", label: "Express (1–2 days)", amountCents: 1490, freeOverCents: null },
  ],
  taxRates: { AT: 20, BE: 21, CH: 8.1, DE: 19, DK: 25, ES: 21, FR: 20, GB: 20, IE: 23, IT: 22, NL: 21, PL: 23, PT: 23, SE: 25, US: 0 },
};

const KEY = "checkout";

/** The settings in force: what an admin saved, else the defaults. */
export async function getShopSettings(): Promise<ShopSettings> {
  const stored = shopSettingsSchema.safeParse(await getShopSetting(KEY));
  return stored.success ? stored.data : DEFAULT_SHOP_SETTINGS;
}

/** Saves settings given as JSON text; bad JSON or values → InvalidInputError naming the field, nothing saved. */
export async function saveShopSettingsJson(text: string): Promise<ShopSettings> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new InvalidInputError("The settings are not valid JSON");
  }
  const parsed = shopSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new InvalidInputError(`${i?.path.join(".") || "settings"}: ${i?.message ?? "invalid"}`, parsed.error.issues);
  }
  const ids = parsed.data.shippingRates.map((r) => r.id);
  if (new Set(ids).size !== ids.length) throw new InvalidInputError("shippingRates: every rate needs its own id");
  await putShopSetting(KEY, parsed.data);
  return parsed.data;
}
