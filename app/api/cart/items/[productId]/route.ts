import { readJson } from "@/lib/api/body";
import { idParam, route } from "@/lib/api/route";
import { removeFromCart, updateCartQuantity } from "@/lib/shop/cart";
import { setQuantitySchema } from "@/lib/shop/schemas";
import { shopperFromRequest } from "@/lib/shop/shopper";
import { cartResponse } from "@/lib/shop/cart-response";

export const dynamic = "force-dynamic";

type P = { productId: string };

// Sets a line's quantity (0 removes it); more than in stock → 409 with the number left.
export const PATCH = route<"public", P>({ rateLimit: 120 }, async ({ req, identity, params }) => {
  const productId = idParam(params.productId, "Cart item");
  const { quantity } = await readJson(req, setQuantitySchema);
  const cookie = await updateCartQuantity(shopperFromRequest(req, identity), productId, quantity);
  return cartResponse(req, identity, { cookie });
});

export const DELETE = route<"public", P>({ rateLimit: 120 }, async ({ req, identity, params }) => {
  const productId = idParam(params.productId, "Cart item");
  const cookie = await removeFromCart(shopperFromRequest(req, identity), [productId]);
  return cartResponse(req, identity, { cookie });
});
