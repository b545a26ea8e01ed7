import { randomBytes } from "node:crypto";
import {
  addToCartRow,
  cartLines,
  clickVideo,
  getCartRow,
  getUserCartRow,
  insertCart,
  mergeCartRows,
  removeCartProducts,
  setCartItemQuantity,
  videoExists,
  videoIdForYoutubeId,
  type CartLineRow,
} from "@/db/queries/cart";
import { getProduct } from "@/db/queries/products";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { productImageUrl } from "@/lib/catalogue/schemas";
import { MAX_LINE_QUANTITY } from "./schemas";
import { canonicalVideoIdOrNull } from "@/lib/videos/youtube-id";

export const CART_COOKIE = "fc_cart";
const CART_ID_RE = /^[A-Za-z0-9_-]{20,64}$/;
export { MAX_LINE_QUANTITY };

/** Who is shopping: the signed-in user (if any) and the anonymous cart cookie (if any). */
export type Shopper = { userId: number | null; cartCookie: string | undefined };

/** What the caller must do with the cart cookie afterwards (route handlers and server actions apply it). */
export type CookieChange = { set?: string; clear?: true };

export type CartView = {
  items: {
    productId: number;
    name: string;
    sku: string;
    imageUrl: string | null;
    unitPriceCents: number;
    currency: string;
    quantity: number;
    stock: number;
    active: boolean;
    lineCents: number;
    videoId: number | null;
    clickId: number | null;
    problem: string | null;
  }[];
  count: number;
  totalCents: number;
  currency: string | null;
  /** Words for every line that cannot be bought as it is (sold out, fewer left, withdrawn, mixed currency). */
  problems: string[];
};

export function newCartId(): string {
  return randomBytes(24).toString("base64url");
}

function validCookie(v: string | undefined): string | undefined {
  return v && CART_ID_RE.test(v) ? v : undefined;
}

/**
 * The shopper's cart id, if they have one. A signed-in shopper who still carries an anonymous cart
 * cookie gets it merged into their own cart (quantities added, capped by stock) and the cookie cleared.
 */
export async function findCart(s: Shopper): Promise<{ cartId: string | undefined; cookie: CookieChange; merged: number }> {
  const cookieId = validCookie(s.cartCookie);
  if (s.userId !== null) {
    let own = await getUserCartRow(s.userId);
    let merged = 0;
    if (cookieId) {
      const anon = await getCartRow(cookieId);
      if (anon && anon.userId === null) {
        own ??= await insertCart(newCartId(), s.userId);
        merged = await mergeCartRows(anon.id, own.id);
      }
    }
    return { cartId: own?.id, cookie: s.cartCookie !== undefined ? { clear: true } : {}, merged };
  }
  if (!cookieId) return { cartId: undefined, cookie: s.cartCookie !== undefined ? { clear: true } : {}, merged: 0 };
  const row = await getCartRow(cookieId);
  // A cookie naming a user's cart (or a deleted one) is worth nothing to an anonymous request.
  if (!row || row.userId !== null) return { cartId: undefined, cookie: { clear: true }, merged: 0 };
  return { cartId: row.id, cookie: {}, merged: 0 };
}

/** The shopper's cart id, creating a cart (and, for anonymous shoppers, the cookie) when there is none. */
export async function ensureCart(s: Shopper): Promise<{ cartId: string; cookie: CookieChange; merged: number }> {
  const found = await findCart(s);
  if (found.cartId) return { ...found, cartId: found.cartId };
  const row = await insertCart(newCartId(), s.userId);
  return { cartId: row.id, cookie: s.userId === null ? { set: row.id } : found.cookie, merged: found.merged };
}

export type AddInput = { productId: number; quantity: number; video?: string | number | null; clickId?: number | null };
export type AddResult = { outcome: "added" | "capped" | "out_of_stock"; inCart: number; stock: number; cookie: CookieChange; cartId: string };

/**
 * Resolves where an add came from: a video (numeric id or YouTube-style id) and a click that exist. A
 * click counts only for its own clicker (a signed-in user's click for that user, an anonymous click for
 * an anonymous shopper), so nobody skews another user's attribution; any other click id is ignored.
 */
async function attribution(
  video: AddInput["video"],
  clickId: AddInput["clickId"],
  shopperUserId: number | null,
): Promise<{ videoId: number | null; clickId: number | null }> {
  let videoId: number | null = null;
  if (typeof video === "number") videoId = (await videoExists(video)) ? video : null;
  else if (typeof video === "string" && video !== "") {
    // Any form of the id (`ID&list=…`, a watch URL) names the same video; an unreadable one attributes nothing.
    const id = canonicalVideoIdOrNull(video);
    videoId = id === null ? null : ((await videoIdForYoutubeId(id)) ?? null);
  }
  let click: number | null = null;
  if (clickId) {
    const c = await clickVideo(clickId);
    if (c && c.userId === shopperUserId) {
      click = clickId;
      videoId ??= c.videoId;
    }
  }
  return { videoId, clickId: click };
}

/** Adds a product to the shopper's cart. Unknown or withdrawn products → 404; nothing in stock → outcome out_of_stock. */
export async function addToCart(s: Shopper, input: AddInput): Promise<AddResult> {
  const product = await getProduct(input.productId);
  if (!product || !product.active) throw new NotFoundError("Product");
  if (product.stock <= 0) {
    const found = await findCart(s);
    return { outcome: "out_of_stock", inCart: 0, stock: 0, cookie: found.cookie, cartId: found.cartId ?? "" };
  }
  const { cartId, cookie } = await ensureCart(s);
  const from = await attribution(input.video, input.clickId, s.userId);
  const r = await addToCartRow({ cartId, userId: s.userId, product, quantity: input.quantity, ...from });
  const outcome = r.added === 0 ? "out_of_stock" : r.added < input.quantity ? "capped" : "added";
  return { outcome, inCart: r.inCart, stock: r.stock, cookie, cartId };
}

/** Sets a line's quantity (0 removes). More than in stock → 409 with the number left. */
export async function updateCartQuantity(s: Shopper, productId: number, quantity: number): Promise<CookieChange> {
  const { cartId, cookie } = await findCart(s);
  if (!cartId) throw new NotFoundError("Cart item");
  if (quantity > 0) {
    const product = await getProduct(productId);
    if (!product) throw new NotFoundError("Product");
    if (quantity > product.stock) {
      throw new ConflictError(product.stock > 0 ? `Only ${product.stock} of “${product.name}” left in stock` : `“${product.name}” is sold out`);
    }
  }
  if (!(await setCartItemQuantity(cartId, productId, Math.min(quantity, MAX_LINE_QUANTITY)))) throw new NotFoundError("Cart item");
  return cookie;
}

export async function removeFromCart(s: Shopper, productIds: number[]): Promise<CookieChange> {
  const { cartId, cookie } = await findCart(s);
  if (cartId) await removeCartProducts(cartId, productIds);
  return cookie;
}

export function lineProblem(l: CartLineRow): string | null {
  if (!l.product.active) return `“${l.product.name}” is no longer sold; remove it to check out.`;
  if (l.product.stock <= 0) return `“${l.product.name}” is sold out; remove it to check out.`;
  if (l.quantity > l.product.stock) return `Only ${l.product.stock} of “${l.product.name}” left; lower the quantity to check out.`;
  return null;
}

export function toCartView(lines: CartLineRow[]): CartView {
  const currencies = [...new Set(lines.map((l) => l.product.currency))];
  const items = lines.map((l) => ({
    productId: l.productId,
    name: l.product.name,
    sku: l.product.sku,
    imageUrl: productImageUrl(l.product),
    unitPriceCents: l.product.priceCents,
    currency: l.product.currency,
    quantity: l.quantity,
    stock: l.product.stock,
    active: l.product.active,
    lineCents: l.product.priceCents * l.quantity,
    videoId: l.videoId,
    clickId: l.clickId,
    problem: lineProblem(l),
  }));
  const problems = items.map((i) => i.problem).filter((p): p is string => p !== null);
  if (currencies.length > 1) problems.push(`Your cart mixes currencies (${currencies.join(", ")}); check out items of one currency at a time.`);
  return {
    items,
    count: items.reduce((n, i) => n + i.quantity, 0),
    totalCents: items.reduce((n, i) => n + i.lineCents, 0),
    currency: currencies.length === 1 ? (currencies[0] ?? null) : null,
    problems,
  };
}

export async function viewCart(s: Shopper): Promise<{ cart: CartView; cartId: string | undefined; cookie: CookieChange; merged: number }> {
  const found = await findCart(s);
  const lines = found.cartId ? await cartLines(found.cartId) : [];
  return { cart: toCartView(lines), ...found };
}

/** Items in the shopper's cart, without merging anything (the header calls this on every page). */
export async function cartItemCount(s: Shopper): Promise<number> {
  const cookieId = validCookie(s.cartCookie);
  const ids: string[] = [];
  if (s.userId !== null) {
    const own = await getUserCartRow(s.userId);
    if (own) ids.push(own.id);
  }
  if (cookieId) {
    // An anonymous cart still waiting to be merged counts too; a cookie naming a user's cart does not.
    const anon = await getCartRow(cookieId);
    if (anon && anon.userId === null) ids.push(anon.id);
  }
  let n = 0;
  for (const id of ids) for (const l of await cartLines(id)) n += l.quantity;
  return n;
}
