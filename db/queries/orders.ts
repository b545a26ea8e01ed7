import { and, desc, eq, gte, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { clicks, orderItems, orders, payments, products, stripeEvents, videos, type Order, type OrderItem } from "@/db/schema";
import { nextStatus, type OrderAction, type OrderStatus } from "@/db/order-states";
import { insertOrderEvent, type Actor } from "./order-events";

export type NewOrder = typeof orders.$inferInsert;
export type NewOrderItem = Omit<typeof orderItems.$inferInsert, "orderId">;

export async function insertOrderWithItems(order: NewOrder, items: NewOrderItem[], actor: Actor = { label: "shopper" }): Promise<Order> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(orders).values(order).returning();
    if (!row) throw new Error("order insert returned nothing");
    await tx.insert(orderItems).values(items.map((i) => ({ ...i, orderId: row.id })));
    await insertOrderEvent({ orderId: row.id, kind: "placed", toStatus: row.status, actor: { userId: order.userId ?? null, ...actor } }, tx);
    return row;
  });
}

/** The moment (pts ms) of each click, for copying into order lines. */
export async function clickMoments(ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const db = await getDb();
  const rows = await db.select({ id: clicks.id, ptsMs: clicks.ptsMs }).from(clicks).where(inArray(clicks.id, ids));
  return new Map(rows.flatMap((r) => (r.ptsMs === null ? [] : [[r.id, Math.round(r.ptsMs)] as const])));
}

/** Sets what the checkout learnt after the order was placed: address, shipping rate, totals. */
export async function setOrderDetails(orderId: number, patch: OrderPatch): Promise<void> {
  const db = await getDb();
  await db.update(orders).set({ ...patch, updatedAt: new Date() }).where(eq(orders.id, orderId));
}

export type OrderPatch = Partial<Pick<Order, "shippingAddress" | "shippingRate" | "shippingCents" | "taxCents" | "subtotalCents" | "totalCents" | "carrier" | "trackingNumber">>;

export async function getOrderByPublicId(publicId: string): Promise<Order | undefined> {
  const db = await getDb();
  const [row] = await db.select().from(orders).where(eq(orders.publicId, publicId)).limit(1);
  return row;
}

export async function getOrderById(id: number): Promise<Order | undefined> {
  const db = await getDb();
  const [row] = await db.select().from(orders).where(eq(orders.id, id)).limit(1);
  return row;
}

export async function getOrderItems(orderId: number): Promise<OrderItem[]> {
  const db = await getDb();
  return db.select().from(orderItems).where(eq(orderItems.orderId, orderId)).orderBy(orderItems.productId);
}

export async function getOrderPayments(orderId: number) {
  const db = await getDb();
  return db.select().from(payments).where(eq(payments.orderId, orderId)).orderBy(payments.id);
}

export async function listUserOrders(userId: number, limit = 100): Promise<Order[]> {
  const db = await getDb();
  return db.select().from(orders).where(eq(orders.userId, userId)).orderBy(desc(orders.createdAt), desc(orders.id)).limit(limit);
}

/** A user's latest orders with their items, newest first, in one query (items by product id). */
export async function listUserOrdersWithItems(userId: number, limit = 100): Promise<{ order: Order; items: OrderItem[] }[]> {
  const db = await getDb();
  const latest = db.select({ id: orders.id }).from(orders).where(eq(orders.userId, userId)).orderBy(desc(orders.createdAt), desc(orders.id)).limit(limit);
  const rows = await db
    .select({ order: orders, item: orderItems })
    .from(orders)
    .leftJoin(orderItems, eq(orderItems.orderId, orders.id))
    .where(inArray(orders.id, latest))
    .orderBy(desc(orders.createdAt), desc(orders.id), orderItems.productId);
  const out: { order: Order; items: OrderItem[] }[] = [];
  for (const r of rows) {
    if (out.at(-1)?.order.id !== r.order.id) out.push({ order: r.order, items: [] });
    if (r.item) out.at(-1)?.items.push(r.item);
  }
  return out;
}

/** Orders for the admin list, newest first, with the video and click that led to each. */
export async function listOrdersForAdmin(opts: { status?: OrderStatus; limit?: number } = {}) {
  const db = await getDb();
  return db
    .select({
      order: orders,
      videoTitle: videos.title,
      youtubeId: videos.youtubeId,
      clickPtsMs: clicks.ptsMs,
      itemCount: sql<number>`(select coalesce(sum(${orderItems.quantity}), 0)::int from ${orderItems} where ${orderItems.orderId} = ${orders.id})`,
    })
    .from(orders)
    .leftJoin(videos, eq(videos.id, orders.videoId))
    .leftJoin(clicks, eq(clicks.id, orders.clickId))
    .where(opts.status ? eq(orders.status, opts.status) : undefined)
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(opts.limit ?? 200);
}

export async function setOrderStripeSession(orderId: number, sessionId: string): Promise<void> {
  const db = await getDb();
  await db.update(orders).set({ stripeSessionId: sessionId, updatedAt: new Date() }).where(eq(orders.id, orderId));
}

export async function findOrderId(by: { sessionId?: string; paymentIntentId?: string; publicId?: string }): Promise<number | undefined> {
  const db = await getDb();
  const where = by.sessionId
    ? eq(orders.stripeSessionId, by.sessionId)
    : by.paymentIntentId
      ? eq(orders.stripePaymentIntentId, by.paymentIntentId)
      : by.publicId
        ? eq(orders.publicId, by.publicId)
        : undefined;
  if (!where) return undefined;
  const [row] = await db.select({ id: orders.id }).from(orders).where(where).limit(1);
  return row?.id;
}

export async function isStripeEventProcessed(id: string): Promise<boolean> {
  const db = await getDb();
  const [row] = await db.select({ id: stripeEvents.id }).from(stripeEvents).where(eq(stripeEvents.id, id)).limit(1);
  return row !== undefined;
}

export type Transition = {
  orderId: number;
  /** null: only record the event (and the payment intent id), the status stays. */
  action: OrderAction | null;
  /** Stripe event to record in the same transaction; a second delivery of it changes nothing. */
  event?: { id: string; type: string; createdAt: Date };
  paymentIntentId?: string | null;
  payment?: { provider: string; providerRef: string | null; amountCents: number; currency: string; status: string };
  /** When paying and some item's stock ran out: "fail" (no money moved: demo) or "keep-paid" (money moved: Stripe). */
  onStockShort: "fail" | "keep-paid";
  /** Who made the change (the order's timeline); default: Stripe when there is an event, else the system. */
  actor?: Actor;
  /** Columns set together with the move (address and totals from Stripe, carrier and tracking number). */
  patch?: OrderPatch;
  note?: string | null;
};

export type TransitionResult =
  | { outcome: "duplicate" }
  | { outcome: "ignored"; status: OrderStatus }
  | { outcome: "moved"; from: OrderStatus; status: OrderStatus; stockShort: boolean };

/**
 * Moves one order through the state machine in one transaction: records the Stripe event (first
 * delivery only), locks the order row, applies the transition, takes stock on payment (conditional
 * UPDATE … WHERE stock >= qty; all items or none) and gives it back on a refund of a paid order,
 * and records the payment row.
 */
export async function transitionOrder(t: Transition): Promise<TransitionResult> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    if (t.event) {
      const fresh = await tx
        .insert(stripeEvents)
        .values({ id: t.event.id, type: t.event.type, createdAt: t.event.createdAt })
        .onConflictDoNothing()
        .returning({ id: stripeEvents.id });
      if (fresh.length === 0) return { outcome: "duplicate" } as const;
    }
    const [order] = await tx.select().from(orders).where(eq(orders.id, t.orderId)).for("update");
    if (!order) throw new Error(`order ${t.orderId} not found`);
    const piPatch = t.paymentIntentId && !order.stripePaymentIntentId ? { stripePaymentIntentId: t.paymentIntentId } : {};
    let to = t.action ? nextStatus(order.status, t.action) : null;
    if (!to) {
      if (Object.keys(piPatch).length) await tx.update(orders).set({ ...piPatch, updatedAt: new Date() }).where(eq(orders.id, order.id));
      return { outcome: "ignored", status: order.status } as const;
    }
    const items = await tx.select().from(orderItems).where(eq(orderItems.orderId, order.id));
    let stockReserved = order.stockReserved;
    let stockShort = false;
    if (to === "paid") {
      stockShort = !(await takeStock(tx, items));
      if (stockShort) {
        // The savepoint undid any partial decrement; decide what the order becomes.
        if (t.onStockShort === "fail") to = "failed";
      } else stockReserved = true;
    }
    if (to === "refunded") {
      // Whatever was not refunded line by line before comes back now (stock only if it was taken).
      for (const i of items) {
        const left = i.quantity - i.refundedQuantity;
        if (order.stockReserved && left > 0) {
          await tx.update(products).set({ stock: sql`${products.stock} + ${left}`, updatedAt: new Date() }).where(eq(products.id, i.productId));
        }
        await tx
          .update(orderItems)
          .set({ refundedQuantity: i.quantity, refundedCents: i.quantity * i.unitPriceCents })
          .where(and(eq(orderItems.orderId, order.id), eq(orderItems.productId, i.productId)));
      }
      stockReserved = false;
    }
    const now = new Date();
    const stamps = to === "paid" ? { paidAt: now } : to === "shipped" ? { shippedAt: now } : to === "delivered" ? { deliveredAt: now } : {};
    const patch = { ...t.patch };
    const total = patch.totalCents ?? order.totalCents;
    await tx
      .update(orders)
      .set({ ...piPatch, ...patch, status: to, stockReserved, updatedAt: now, ...stamps, ...(to === "refunded" ? { refundedCents: total } : {}) })
      .where(eq(orders.id, order.id));
    if (t.payment) await tx.insert(payments).values({ orderId: order.id, ...t.payment, status: stockShort && to === "failed" ? "declined_out_of_stock" : t.payment.status });
    const actor = t.actor ?? { label: t.event ? "Stripe" : "system" };
    const note = t.note ?? (stockShort ? (to === "failed" ? "declined: stock ran out" : "stock ran out before payment") : null);
    await insertOrderEvent({ orderId: order.id, kind: t.action ?? "update", fromStatus: order.status, toStatus: to, actor, note }, tx);
    return { outcome: "moved", from: order.status, status: to, stockShort } as const;
  });
}

type Tx = Parameters<Parameters<Awaited<ReturnType<typeof getDb>>["transaction"]>[0]>[0];

/** Takes every item's quantity from stock, or none of them (a savepoint rolls back a partial take). */
async function takeStock(tx: Tx, items: OrderItem[]): Promise<boolean> {
  try {
    await tx.transaction(async (sp) => {
      for (const i of items) {
        const done = await sp
          .update(products)
          .set({ stock: sql`${products.stock} - ${i.quantity}`, updatedAt: new Date() })
          .where(and(eq(products.id, i.productId), gte(products.stock, i.quantity)))
          .returning({ id: products.id });
        if (done.length === 0) throw new StockShort();
      }
    });
    return true;
  } catch (e) {
    if (e instanceof StockShort) return false;
    throw e;
  }
}

class StockShort extends Error {}

/** Marks an event as seen without changing any order (events we do not act on). */
export async function recordStripeEvent(event: NonNullable<Transition["event"]>): Promise<boolean> {
  const db = await getDb();
  const fresh = await db.insert(stripeEvents).values({ id: event.id, type: event.type, createdAt: event.createdAt }).onConflictDoNothing().returning({ id: stripeEvents.id });
  return fresh.length > 0;
}
