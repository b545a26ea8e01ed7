import { readJson } from "@/lib/api/body";
import { route } from "@/lib/api/route";
import { checkoutSchema, placeOrder } from "@/lib/shop/orders";
import { applyCookie, shopperFromRequest } from "@/lib/shop/shopper";

export const dynamic = "force-dynamic";

// Places a pending order from the cart and answers where to pay: a Stripe Checkout URL or the demo page.
export const POST = route({ rateLimit: 20 }, async ({ req, identity }) => {
  const { email } = await readJson(req, checkoutSchema);
  const placed = await placeOrder({ ...shopperFromRequest(req, identity), email }, new URL(req.url).origin);
  const res = Response.json(
    { order: { publicId: placed.order.publicId, status: placed.order.status, totalCents: placed.order.totalCents, currency: placed.order.currency }, url: placed.redirectUrl },
    { status: 201 },
  );
  return applyCookie(res, placed.cookie, req);
});
