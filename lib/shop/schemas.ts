import { z } from "zod";

export const PUBLIC_ID_RE = /^[A-Za-z0-9_-]{22,40}$/;

/** The most of one product a cart line may hold. */
export const MAX_LINE_QUANTITY = 99;

export const checkoutSchema = z.object({ email: z.email("Enter a valid e-mail address").max(254).optional() });

// The extension sends its video id as-is, which on a playlist page is `<id>&list=<list>&index=<n>`:
// the id is what comes before the first "&" (videos.youtube_id); the playlist part is not needed here.
const youtubeish = z
  .string()
  .trim()
  .max(256)
  .transform((v) => v.split("&")[0] ?? "")
  .pipe(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "not a video id"));
const positiveInt = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** GET /cart/add — the link the extension opens; every parameter checked, nothing reflected back. */
export const addLinkSchema = z.object({
  product: positiveInt,
  qty: z.coerce.number().int().min(1).max(MAX_LINE_QUANTITY).default(1),
  video: youtubeish.optional(),
  click: positiveInt.optional(),
});

/** POST /api/cart/items — videoId may be the numeric id or the YouTube-style id. */
export const addItemSchema = z.object({
  productId: z.number().int().positive(),
  quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY).default(1),
  videoId: z.union([z.number().int().positive(), youtubeish]).nullish(),
  clickId: z.number().int().positive().nullish(),
});

export const setQuantitySchema = z.object({ quantity: z.number().int().min(0).max(MAX_LINE_QUANTITY) });

/** Cart page messages, by code: the page never shows text that came from the URL. */
export const CART_NOTICES = {
  added: { tone: "ok", text: "Added to your cart." },
  capped: { tone: "warn", text: "Added as many as we have in stock; your cart now holds all that is left." },
  out_of_stock: { tone: "error", text: "Sorry, that product is sold out, so it was not added." },
  unknown_product: { tone: "error", text: "That product does not exist or is no longer sold." },
  invalid_link: { tone: "error", text: "That add-to-cart link is not valid." },
  rate_limited: { tone: "error", text: "Too many add-to-cart requests; wait a minute and try again." },
  merged: { tone: "ok", text: "We moved the items you added before signing in into your cart." },
  updated: { tone: "ok", text: "Cart updated." },
  too_many: { tone: "error", text: "You asked for more than we have in stock; the cart shows how many are left." },
  removed: { tone: "ok", text: "Removed from your cart." },
} as const;
export type CartNotice = keyof typeof CART_NOTICES;

// ─── answers (documented in the OpenAPI document; tests parse real answers with them) ───────────────
export const cartItemSchema = z.object({
  productId: z.number().int(),
  name: z.string(),
  sku: z.string(),
  imageUrl: z.string().nullable(),
  unitPriceCents: z.number().int(),
  currency: z.string(),
  quantity: z.number().int(),
  stock: z.number().int(),
  active: z.boolean(),
  lineCents: z.number().int(),
  videoId: z.number().int().nullable(),
  clickId: z.number().int().nullable(),
  problem: z.string().nullable().describe("Why this line cannot be checked out as it is, in words; null when it can"),
});

export const cartSchema = z.object({
  items: z.array(cartItemSchema),
  count: z.number().int().describe("Items in the cart (sum of quantities)"),
  totalCents: z.number().int(),
  currency: z.string().nullable().describe("The cart's currency; null when empty or mixed"),
  problems: z.array(z.string()).describe("Everything that blocks checkout, in words"),
});

export const cartResponseSchema = z.object({ cart: cartSchema, notice: z.string().optional() });

export const orderJsonSchema = z.object({
  publicId: z.string(),
  status: z.enum(["pending", "paid", "shipped", "delivered", "failed", "refunded", "canceled"]),
  subtotalCents: z.number().int(),
  shippingCents: z.number().int(),
  taxCents: z.number().int(),
  totalCents: z.number().int(),
  refundedCents: z.number().int(),
  shippingRate: z.string().nullable(),
  carrier: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  currency: z.string(),
  paymentMode: z.string(),
  email: z.string().nullable(),
  videoId: z.number().int().nullable(),
  clickId: z.number().int().nullable(),
  createdAt: z.string(),
  paidAt: z.string().nullable(),
  items: z.array(
    z.object({
      productId: z.number().int(),
      name: z.string(),
      unitPriceCents: z.number().int(),
      quantity: z.number().int(),
      videoId: z.number().int().nullable(),
      clickId: z.number().int().nullable(),
      clickPtsMs: z.number().int().nullable().describe("The moment of the click that led to this line (pts ms)"),
      refundedQuantity: z.number().int(),
    }),
  ),
});

export const checkoutResponseSchema = z.object({
  order: z.object({ publicId: z.string(), status: z.string(), totalCents: z.number().int(), currency: z.string() }),
  url: z.string().describe("Where to pay: the Stripe Checkout URL, or /checkout/demo/<publicId> in demo mode"),
});

/** The demo payment page's address form (Stripe Checkout collects the same in Stripe mode). */
export const addressFormSchema = z.object({
  name: z.string().trim().min(1, "Enter the recipient's name").max(120),
  line1: z.string().trim().min(1, "Enter the street and number").max(200),
  line2: z.string().trim().max(200).optional().transform((v) => v || null),
  postalCode: z.string().trim().min(2, "Enter the postal code").max(16).regex(/^[A-Za-z0-9 -]+$/, "The postal code has letters, digits, spaces and dashes only"),
  city: z.string().trim().min(1, "Enter the city").max(120),
  state: z.string().trim().max(120).optional().transform((v) => v || null),
  country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, "Choose a country"),
  phone: z.string().trim().max(40).optional().transform((v) => v || null),
  rate: z.string().trim().min(1, "Choose a shipping rate").max(32),
});
export type AddressForm = z.input<typeof addressFormSchema>;

/** Admin: ship an order. */
export const shipSchema = z.object({
  carrier: z.string().trim().min(1, "Enter the carrier").max(60),
  trackingNumber: z.string().trim().min(1, "Enter the tracking number").max(80),
});

/** Admin: refund the whole order, or some quantity of some lines. */
export const refundSchema = z.union([
  z.object({ all: z.literal(true) }),
  z.object({ lines: z.array(z.object({ productId: z.number().int().positive(), quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY) })).min(1).max(100) }),
]);
export type RefundRequest = z.infer<typeof refundSchema>;

/** What the admin order page says after a change, by code (nothing from the URL is shown). */
export const ADMIN_ORDER_DONE = {
  shipped: "Marked shipped; the buyer was e-mailed.",
  delivered: "Marked delivered.",
  canceled: "Order canceled.",
  refunded: "Refunded; stock returned and the buyer e-mailed.",
} as const;
export type AdminOrderDone = keyof typeof ADMIN_ORDER_DONE;
