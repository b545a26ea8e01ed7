import type { OrderStatus } from "@/db/order-states";

// The order state machine itself is in db/order-states.ts (applied inside the order's transaction).
export { ORDER_STATUSES, isTerminal, nextStatus, type OrderAction, type OrderStatus } from "@/db/order-states";

export const STATUS_LABEL: Record<OrderStatus, string> = {
  pending: "Awaiting payment",
  paid: "Paid",
  failed: "Payment failed",
  refunded: "Refunded",
  canceled: "Canceled",
};
