import { identify } from "@/lib/auth/identity";
import { DomainError } from "@/lib/errors";
import { hit } from "@/lib/api/rate-limit";
import { clientIp } from "@/lib/api/route";
import { addToCart } from "@/lib/shop/cart";
import { addLinkSchema, type CartNotice } from "@/lib/shop/schemas";
import { applyCookie, shopperFromRequest } from "@/lib/shop/shopper";

export const dynamic = "force-dynamic";

const PER_MIN = 30;

function toCart(req: Request, notice: CartNotice, extra: Record<string, string> = {}): Response {
  const url = new URL("/cart", req.url);
  url.searchParams.set("notice", notice);
  for (const [k, v] of Object.entries(extra)) url.searchParams.set(k, v);
  // A relative Location keeps the browser on the host it used (behind a proxy, req.url may differ).
  return new Response(null, { status: 303, headers: { location: `${url.pathname}${url.search}`, "cache-control": "no-store" } });
}

// The extension opens this link in a tab, so it is a GET that changes state: parameters validated,
// rate-limited per shopper, and every failure ends on the cart page with words, never an error page.
export async function GET(req: Request): Promise<Response> {
  let identity = null;
  try {
    identity = await identify(req);
  } catch {
    identity = null; // a bad Bearer token on a browser link: treat as anonymous
  }
  const who = identity ? `u${identity.userId}` : `ip${clientIp(req)}`;
  if (!hit(`cart-add:${who}`, PER_MIN).ok) return toCart(req, "rate_limited");
  const parsed = addLinkSchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) return toCart(req, "invalid_link");
  const q = parsed.data;
  const shopper = shopperFromRequest(req, identity);
  try {
    const r = await addToCart(shopper, { productId: q.product, quantity: q.qty, video: q.video ?? null, clickId: q.click ?? null });
    return applyCookie(toCart(req, r.outcome === "added" ? "added" : r.outcome, { product: String(q.product) }), r.cookie, req);
  } catch (e) {
    if (e instanceof DomainError && e.kind === "not_found") return toCart(req, "unknown_product");
    console.error("[cart] add link failed", e);
    return toCart(req, "invalid_link");
  }
}
