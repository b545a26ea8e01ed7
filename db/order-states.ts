// The order state machine, shared by the Stripe webhook, the demo payment page and the admin. Pure: no I/O. It lives
// beside the schema because db/queries/orders.ts applies it inside the transaction that locks the order;
// lib/shop/states.ts re-exports it with the labels the pages show.
//
//   pending ──pay──▶ paid ──ship──▶ shipped ──deliver──▶ delivered
//      │ ├──fail──▶ failed       │                │               │
//      │ ├──expire/cancel─▶ canceled              └──refund (full)─┴──▶ refunded
//      │ └──refund─▶ refunded   (a refund that arrives before the completion: nothing was taken from stock)
//
// failed, canceled and refunded are terminal. A partial refund keeps the status (orders.refunded_cents
// grows). Anything else is a late or repeated event and changes nothing.


export const ORDER_STATUSES = ["pending", "paid", "shipped", "delivered", "failed", "refunded", "canceled"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type OrderAction = "pay" | "fail" | "expire" | "cancel" | "refund" | "ship" | "deliver";

const TABLE: Record<OrderStatus, Partial<Record<OrderAction, OrderStatus>>> = {
  pending: { pay: "paid", fail: "failed", expire: "canceled", cancel: "canceled", refund: "refunded" },
  paid: { ship: "shipped", refund: "refunded" },
  shipped: { deliver: "delivered", refund: "refunded" },
  delivered: { refund: "refunded" },
  failed: {},
  canceled: {},
  refunded: {},
};

/** The status after `action`, or null when the action does not apply to `from` (ignored). */
export function nextStatus(from: OrderStatus, action: OrderAction): OrderStatus | null {
  return TABLE[from][action] ?? null;
}

export function isTerminal(s: OrderStatus): boolean {
  return Object.keys(TABLE[s]).length === 0;
}
