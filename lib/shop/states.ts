import type { OrderStatus } from "@/db/order-states";
import { PAID_ORDER_STATUSES } from "@/db/schema";

// The order state machine itself is in db/order-states.ts (applied inside the order's transaction).
export { ORDER_STATUSES, isTerminal, nextStatus, type OrderAction, type OrderStatus } from "@/db/order-states";

/** Statuses of an order whose money was received (and not all given back). */
export const PAID_STATUSES: readonly OrderStatus[] = PAID_ORDER_STATUSES;

export function isPaidStatus(s: OrderStatus): boolean {
  return PAID_STATUSES.includes(s);
}

export const STATUS_LABEL: Record<OrderStatus, string> = {
  pending: "Awaiting payment",
  paid: "Paid",
  shipped: "Shipped",
  delivered: "Delivered",
  failed: "Payment failed",
  refunded: "Refunded",
  canceled: "Canceled",
};
