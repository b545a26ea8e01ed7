import { route } from "@/lib/api/route";
import { userOrdersJson } from "@/lib/shop/order-lists";

export const dynamic = "force-dynamic";

// The signed-in shopper's orders, newest first.
export const GET = route({ access: "user" }, async ({ identity }) => ({ orders: await userOrdersJson(identity.userId, 50) }));
