import { listOrdersForAdmin, listUserOrders, listUserOrdersWithItems } from "@/db/queries/orders";
import { toOrderJson } from "./orders";

// Lists of orders for pages and route handlers (they never import db/).
export { listOrdersForAdmin, listUserOrders };

/** The shopper's latest orders with their items, as the API returns them: one query, not one per order. */
export async function userOrdersJson(userId: number, limit = 50) {
  return (await listUserOrdersWithItems(userId, limit)).map(({ order, items }) => toOrderJson(order, items));
}
