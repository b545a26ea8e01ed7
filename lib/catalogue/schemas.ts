import { z } from "zod";
import type { Product } from "@/db/schema";
import { COCO_CLASSES } from "./coco";
import { labelProblem, labelSchema, normaliseLabel } from "./labels";

// One schema per input, shared by the route handlers, the admin forms and the importer. Every message
// is written for a person: the forms show them next to the field.

export const MAX_PRICE_CENTS = 99_999_999;
export const MAX_STOCK = 1_000_000_000;
const SKU_RE = /^[A-Z0-9._-]{1,64}$/;
const PRICE_RE = /^(\d{1,9})(?:\.(\d{1,2}))?$/;

export const skuSchema = z
  .string({ error: "Enter a SKU" })
  .trim()
  .toUpperCase()
  .min(1, "Enter a SKU")
  .max(64, "Use at most 64 characters")
  .regex(SKU_RE, "Use only letters A–Z, digits 0–9, dash, underscore and dot (no spaces)");

export const nameSchema = z
  .string({ error: "Enter a name" })
  .trim()
  .min(1, "Enter a name")
  .max(200, "Use at most 200 characters");

export const descriptionSchema = z
  .string({ error: "The description must be text" })
  .trim()
  .max(5000, "Use at most 5000 characters");

/** A price in the currency's main unit ("12.50" or 12.5) → whole cents (1/100 of the unit). */
export function priceToCents(value: number | string): { cents: number } | { error: string } {
  let text: string;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return { error: "Enter a price such as 12.50" };
    if (value < 0) return { error: "The price cannot be negative" };
    const cents = Math.round(value * 100);
    if (Math.abs(value * 100 - cents) > 1e-6) return { error: "Use at most 2 decimal places" };
    text = (cents / 100).toFixed(2);
  } else {
    text = value.trim();
  }
  if (text === "") return { error: "Enter a price" };
  if (text.startsWith("-")) return { error: "The price cannot be negative" };
  const m = PRICE_RE.exec(text);
  if (!m) {
    if (/^\d+\.\d{3,}$/.test(text)) return { error: "Use at most 2 decimal places" };
    if (/^\d+,\d{1,2}$/.test(text)) return { error: `Use a dot for decimals: ${text.replace(",", ".")}` };
    return { error: "Enter a price such as 12.50 (digits, a dot for decimals)" };
  }
  const cents = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  if (cents > MAX_PRICE_CENTS) return { error: "The price is too high (at most 999999.99)" };
  return { cents };
}

export const priceSchema = z
  .union([z.number(), z.string()], { error: "Enter a price such as 12.50" })
  .transform((v, ctx) => {
    const r = priceToCents(v);
    if ("error" in r) {
      ctx.addIssue({ code: "custom", message: r.error });
      return z.NEVER;
    }
    return r.cents;
  });

export const priceCentsSchema = z
  .number({ error: "The price in cents must be a whole number" })
  .int("The price in cents must be a whole number")
  .min(0, "The price cannot be negative")
  .max(MAX_PRICE_CENTS, "The price is too high");

let currencies: ReadonlySet<string> | undefined;
function isKnownCurrency(code: string): boolean {
  if (typeof Intl.supportedValuesOf !== "function") return true;
  currencies ??= new Set(Intl.supportedValuesOf("currency"));
  return currencies.has(code);
}

export const currencySchema = z
  .string({ error: "Enter a currency code such as EUR" })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, { message: "Use a 3-letter ISO 4217 code such as EUR or USD", abort: true })
  .refine(isKnownCurrency, "This is not a known ISO 4217 currency code");

export const stockSchema = z
  .number({ error: "Enter a whole number, 0 or more" })
  .int("Enter a whole number, 0 or more")
  .min(0, "Stock cannot be negative")
  .max(MAX_STOCK, "Stock is too high");

/** Optional free text: empty means "none" (null). */
const optionalText = (max: number) =>
  z
    .string({ error: "This must be text" })
    .trim()
    .max(max, `Use at most ${max} characters`)
    .nullable()
    .transform((v) => (v === "" ? null : v));

/** The class tracks of this product carry: a COCO class (cup, person) or a catalogue category (jacket, sneaker). */
export const itemNameSchema = z
  .string({ error: "Give a class such as cup, person, jacket or sneaker" })
  .nullable()
  .transform((v) => (v === null || v.trim() === "" ? null : normaliseLabel(v)))
  .superRefine((v, ctx) => {
    const p = v === null ? null : labelProblem(v);
    if (p) ctx.addIssue({ code: "custom", message: p });
  });

export const activeSchema = z.boolean({ error: "Must be true or false" });

const fields = {
  sku: skuSchema,
  name: nameSchema,
  description: descriptionSchema.optional(),
  price: priceSchema.optional(),
  priceCents: priceCentsSchema.optional(),
  currency: currencySchema.optional(),
  stock: stockSchema.optional(),
  itemName: itemNameSchema.optional(),
  articleFragment: optionalText(200).optional(),
  additionalIdentifier: optionalText(200).optional(),
  active: activeSchema.optional(),
};

type Parsed = {
  sku?: string;
  name?: string;
  description?: string;
  price?: number;
  priceCents?: number;
  currency?: string;
  stock?: number;
  itemName?: string | null;
  articleFragment?: string | null;
  additionalIdentifier?: string | null;
  active?: boolean;
};

/** The columns a create, update or import writes; keys that are absent are left alone. */
export type ProductPatch = Omit<Parsed, "price">;
export type ProductCreate = ProductPatch & { sku: string; name: string; priceCents: number };

function checkPrice(v: Parsed, ctx: z.RefinementCtx, required: boolean) {
  if (v.price !== undefined && v.priceCents !== undefined && v.price !== v.priceCents) {
    ctx.addIssue({ code: "custom", path: ["price"], message: "price and priceCents disagree; send one of them" });
  }
  if (required && v.price === undefined && v.priceCents === undefined) {
    ctx.addIssue({ code: "custom", path: ["price"], message: "Enter a price" });
  }
}

function toPatch({ price, ...rest }: Parsed): ProductPatch {
  const out: ProductPatch = { ...rest };
  if (price !== undefined) out.priceCents = price;
  // Absent keys stay absent, so an update touches only what was sent.
  for (const k of Object.keys(out) as (keyof ProductPatch)[]) if (out[k] === undefined) delete out[k];
  return out;
}

export const productCreateSchema = z
  .strictObject(fields)
  .superRefine((v, ctx) => checkPrice(v, ctx, true))
  .transform((v) => toPatch(v) as ProductCreate);

export const productUpdateSchema = z
  .strictObject({ ...fields, sku: skuSchema.optional(), name: nameSchema.optional() })
  .superRefine((v, ctx) => {
    checkPrice(v, ctx, false);
    if (Object.values(v).every((x) => x === undefined)) ctx.addIssue({ code: "custom", message: "Nothing to update" });
  })
  .transform(toPatch);

/** Read-only keys of the output shape that an imported JSON export may carry; they are ignored. */
export const READ_ONLY_KEYS = ["id", "imageUrl", "inStock", "createdAt", "updatedAt"] as const;

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const productListQuerySchema = z.object({
  q: z.preprocess(emptyToUndefined, z.string().trim().max(100, "Search at most 100 characters").optional()),
  class: z.preprocess(emptyToUndefined, labelSchema.optional()),
  page: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(100_000).default(1)),
});
export type ProductListQuery = z.infer<typeof productListQuerySchema>;

// ─── outputs: parsed so internal columns (imageKey) never leave the server ──────────────────────
export const publicProductSchema = z.object({
  id: z.number().int(),
  sku: z.string(),
  name: z.string(),
  description: z.string(),
  priceCents: z.number().int(),
  currency: z.string(),
  imageUrl: z.string().nullable(),
  stock: z.number().int(),
  inStock: z.boolean(),
  itemName: z.string().nullable(),
  articleFragment: z.string().nullable(),
  additionalIdentifier: z.string().nullable(),
});
export type PublicProduct = z.infer<typeof publicProductSchema>;

const isoDate = z.date().transform((d) => d.toISOString());
export const adminProductSchema = publicProductSchema.extend({
  active: z.boolean(),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type AdminProduct = z.infer<typeof adminProductSchema>;

export function productImageUrl(p: Pick<Product, "id" | "imageKey">): string | null {
  return p.imageKey ? `/api/products/${p.id}/image` : null;
}

export function toPublicProduct(p: Product): PublicProduct {
  return publicProductSchema.parse({ ...p, imageUrl: productImageUrl(p), inStock: p.stock > 0 });
}

export function toAdminProduct(p: Product): AdminProduct {
  return adminProductSchema.parse({ ...p, imageUrl: productImageUrl(p), inStock: p.stock > 0 });
}

export { COCO_CLASSES };
