import type { Identity } from "@/lib/auth/identity";
import { viewCart, type CookieChange } from "./cart";
import { applyCookie, shopperFromRequest } from "./shopper";

/** The cart as JSON with any cookie change applied (shared by the cart API routes). */
export async function cartResponse(req: Request, identity: Identity | null, extra: { status?: number; cookie?: CookieChange; notice?: string } = {}) {
  const shopper = shopperFromRequest(req, identity);
  const { cart, cookie } = await viewCart(extra.cookie?.set ? { ...shopper, cartCookie: extra.cookie.set } : shopper);
  const res = Response.json({ cart, ...(extra.notice ? { notice: extra.notice } : {}) }, { status: extra.status ?? 200, headers: { "cache-control": "no-store" } });
  return applyCookie(res, extra.cookie?.set ? extra.cookie : { ...cookie, ...extra.cookie }, req);
}
