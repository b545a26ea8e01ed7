import { route } from "@/lib/api/route";
import { visibleOrder } from "@/lib/shop/order-access";
import { toOrderJson } from "@/lib/shop/orders";
import { shopperFromRequest } from "@/lib/shop/shopper";

export const dynamic = "force-dynamic";

// One order by its unguessable public id: a signed-in buyer's only to them and admins; an anonymous
// order to whoever holds the link, with the e-mail masked.
export const GET = route<"public", { publicId: string }>({}, async ({ req, params, identity }) => {
  const viewer = { ...shopperFromRequest(req, identity), role: identity?.role ?? null };
  const v = await visibleOrder(params.publicId, viewer);
  return { order: toOrderJson(v.order, v.items, v.email) };
});
