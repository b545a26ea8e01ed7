import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { orderItems, orders, payments, PAID_ORDER_STATUSES, products, stripeEvents, type Order } from "@/db/schema";

type OrderStatus = Order["status"];
const isPaidStatus = (s: OrderStatus) => (PAID_ORDER_STATUSES as readonly OrderStatus[]).includes(s);
import { insertOrderEvent, type Actor } from "./order-events";

export type RefundLine = { productId: number; quantity: number; cents: number };
export type PaymentRow = { provider: string; providerRef: string | null; amountCents: number; currency: string; status: string };

export type RefundResult =
  | { outcome: "duplicate" }
  | { outcome: "ignored"; status: OrderStatus }
  | { outcome: "refunded"; status: OrderStatus; refundedCents: number; stockReturned: number };

type Event = { id: string; type: string; createdAt: Date };

/**
 * Refunds lines of a paid order in one transaction: each line's refunded quantity and amount grow,
 * its stock comes back (when the order had taken it), the order's refunded total grows to at least
 * `refundedBefore + amountCents` (a Stripe webhook for the same refund may have counted it already), and
 * the order becomes `refunded` once every line is. A payment row and an order event record it.
 */
export async function applyLineRefund(r: { orderId: number; lines: RefundLine[]; amountCents: number; refundedBefore: number; payment: PaymentRow; actor: Actor; note?: string }): Promise<RefundResult> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [order] = await tx.select().from(orders).where(eq(orders.id, r.orderId)).for("update");
    if (!order) throw new Error(`order ${r.orderId} not found`);
    if (!isPaidStatus(order.status)) return { outcome: "ignored", status: order.status } as const;
    const items = await tx.select().from(orderItems).where(eq(orderItems.orderId, order.id));
    let stockReturned = 0;
    for (const l of r.lines) {
      const item = items.find((i) => i.productId === l.productId);
      const q = item ? Math.min(l.quantity, item.quantity - item.refundedQuantity) : 0;
      if (!item || q <= 0) continue;
      item.refundedQuantity += q;
      await tx
        .update(orderItems)
        .set({ refundedQuantity: item.refundedQuantity, refundedCents: sql`${orderItems.refundedCents} + ${l.cents}` })
        .where(and(eq(orderItems.orderId, order.id), eq(orderItems.productId, l.productId)));
      if (order.stockReserved) {
        await tx.update(products).set({ stock: sql`${products.stock} + ${q}`, updatedAt: new Date() }).where(eq(products.id, l.productId));
        stockReturned += q;
      }
    }
    const all = items.every((i) => i.refundedQuantity >= i.quantity);
    const status: OrderStatus = all ? "refunded" : order.status;
    const refundedCents = Math.max(order.refundedCents, r.refundedBefore + r.amountCents);
    await tx
      .update(orders)
      .set({ status, refundedCents: all ? order.totalCents : refundedCents, stockReserved: all ? false : order.stockReserved, updatedAt: new Date() })
      .where(eq(orders.id, order.id));
    await tx.insert(payments).values({ orderId: order.id, ...r.payment });
    await insertOrderEvent({ orderId: order.id, kind: all ? "refund" : "refund_partial", fromStatus: order.status, toStatus: status, actor: r.actor, note: r.note ?? null }, tx);
    return { outcome: "refunded", status, refundedCents: all ? order.totalCents : refundedCents, stockReturned } as const;
  });
}

/**
 * A partial refund known only by its amount (Stripe's `charge.refunded`, e.g. from the dashboard):
 * `amountRefunded` is Stripe's running total. What the app has not counted yet is added to the order
 * and spread over its lines by value (so revenue per video and product stays paid − refunded); no
 * stock moves, since no line was named. Returns false when the event was processed before.
 */
export async function applyAmountRefund(r: { orderId: number; amountRefunded: number; payment: PaymentRow; event: Event }): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const fresh = await tx.insert(stripeEvents).values(r.event).onConflictDoNothing().returning({ id: stripeEvents.id });
    if (fresh.length === 0) return false;
    const [order] = await tx.select().from(orders).where(eq(orders.id, r.orderId)).for("update");
    if (!order) throw new Error(`order ${r.orderId} not found`);
    await tx.insert(payments).values({ orderId: order.id, ...r.payment });
    const delta = r.amountRefunded - order.refundedCents;
    if (delta <= 0) return true; // already counted when the refund was made from the app
    const items = await tx.select().from(orderItems).where(eq(orderItems.orderId, order.id));
    // The part of the refund that belongs to the goods (not shipping and tax), shared by what is left of each line.
    const goods = order.totalCents > 0 ? Math.round((delta * order.subtotalCents) / order.totalCents) : 0;
    const left = items.map((i) => Math.max(0, i.quantity * i.unitPriceCents - i.refundedCents));
    const pool = left.reduce((a, b) => a + b, 0);
    let given = 0;
    for (const [k, i] of items.entries()) {
      const share = k === items.length - 1 ? Math.min(left[k] ?? 0, goods - given) : pool > 0 ? Math.round((goods * (left[k] ?? 0)) / pool) : 0;
      given += share;
      if (share > 0) {
        await tx
          .update(orderItems)
          .set({ refundedCents: sql`${orderItems.refundedCents} + ${share}` })
          .where(and(eq(orderItems.orderId, order.id), eq(orderItems.productId, i.productId)));
      }
    }
    await tx.update(orders).set({ refundedCents: r.amountRefunded, updatedAt: new Date() }).where(eq(orders.id, order.id));
    await insertOrderEvent({ orderId: order.id, kind: "refund_partial", fromStatus: order.status, toStatus: order.status, actor: { label: "Stripe" }, note: `${delta} cents refunded` }, tx);
    return true;
  });
}
