import { readJson } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { route } from "@/lib/api/route";
import { addToCart } from "@/lib/shop/cart";
import { addItemSchema } from "@/lib/shop/schemas";
import { shopperFromRequest } from "@/lib/shop/shopper";
import { cartResponse } from "@/lib/shop/cart-response";

export const dynamic = "force-dynamic";

// Adds a product (with the video and click that led to it) and answers the cart.
export const POST = route({ rateLimit: 60 }, async ({ req, identity }) => {
  const body = await readJson(req, addItemSchema);
  const r = await addToCart(shopperFromRequest(req, identity), {
    productId: body.productId,
    quantity: body.quantity,
    video: body.videoId ?? null,
    clickId: body.clickId ?? null,
  });
  if (r.outcome === "out_of_stock") {
    throw new ApiError("conflict", r.inCart > 0 ? `Your cart already holds all ${r.inCart} left in stock` : "This product is sold out");
  }
  const notice = r.outcome === "capped" ? `Only ${r.stock} in stock; your cart holds ${r.inCart}` : undefined;
  return cartResponse(req, identity, { status: 201, cookie: r.cookie, notice });
});
