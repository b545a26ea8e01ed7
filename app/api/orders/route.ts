import { getOrderItems, listUserOrders } from "@/db/queries/orders";
import { route } from "@/lib/api/route";
import { toOrderJson } from "@/lib/shop/orders";

export const dynamic = "force-dynamic";

// The signed-in shopper's orders, newest first.
export const GET = route({ access: "user" }, async ({ identity }) => {
  const rows = await listUserOrders(identity.userId, 50);
  return { orders: await Promise.all(rows.map(async (o) => toOrderJson(o, await getOrderItems(o.id)))) };
});
