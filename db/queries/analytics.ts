import { and, count, countDistinct, desc, eq, gt, inArray, isNotNull, sql, type SQL } from "drizzle-orm";
import { getDb } from "@/db";
import { cartEvents, clicks, orderItems, orders, PAID_ORDER_STATUSES, products, trackProducts, tracks, videos } from "@/db/schema";

// Click and sales analytics. The funnel: clicks → matched clicks → cart adds (cart_events.video_id)
// → paid orders (order_items.video_id of orders paid, shipped or delivered). Everything is attributed by
// video. Revenue and units are paid minus refunded (order_items.refunded_cents / refunded_quantity); a
// fully refunded order leaves the paid statuses and counts nothing.

const num = (s: SQL) => sql<number>`coalesce(${s}, 0)`.mapWith(Number);
const lineRevenue = sql`${orderItems.quantity} * ${orderItems.unitPriceCents} - ${orderItems.refundedCents}`;
const lineUnits = sql`${orderItems.quantity} - ${orderItems.refundedQuantity}`;
const paidList = sql.raw(PAID_ORDER_STATUSES.map((s) => `'${s}'`).join(", "));

/** Clicks on one video, or on any known video (`videoId` undefined). */
const clickScope = (videoId?: number) => (videoId === undefined ? isNotNull(clicks.videoId) : eq(clicks.videoId, videoId));
const cartScope = (videoId?: number) => and(gt(cartEvents.quantity, 0), videoId === undefined ? isNotNull(cartEvents.videoId) : eq(cartEvents.videoId, videoId));
const paidScope = (videoId?: number) => and(inArray(orders.status, [...PAID_ORDER_STATUSES]), videoId === undefined ? isNotNull(orderItems.videoId) : eq(orderItems.videoId, videoId));

export type FunnelTotals = {
  clicks: number;
  matchedClicks: number;
  cartAdds: number;
  paidOrders: number;
  unitsSold: number;
  revenueCents: number;
  currencies: string[];
};

export async function funnelTotals(videoId?: number): Promise<FunnelTotals> {
  const db = await getDb();
  const [c] = await db
    .select({ clicks: count(), matched: num(sql`count(*) filter (where ${clicks.matchState} = 'matched')`) })
    .from(clicks)
    .where(clickScope(videoId));
  const [ce] = await db.select({ n: count() }).from(cartEvents).where(cartScope(videoId));
  const paid = await db
    .select({
      orders: countDistinct(orders.id),
      units: num(sql`sum(${lineUnits})`),
      revenue: num(sql`sum(${lineRevenue})`),
      currency: orders.currency,
    })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(paidScope(videoId))
    .groupBy(orders.currency);
  return {
    clicks: c?.clicks ?? 0,
    matchedClicks: c?.matched ?? 0,
    cartAdds: ce?.n ?? 0,
    // An order paid in two currencies cannot exist, so summing per-currency counts is exact.
    paidOrders: paid.reduce((s, r) => s + r.orders, 0),
    unitsSold: paid.reduce((s, r) => s + r.units, 0),
    revenueCents: paid.reduce((s, r) => s + r.revenue, 0),
    currencies: paid.map((r) => r.currency).sort(),
  };
}

export type VideoRow = { videoId: number; title: string; clicks: number; matchedClicks: number; cartAdds: number; paidOrders: number; revenueCents: number };

/** Every video with its funnel counts, busiest first. */
export async function videoFunnels(limit = 100): Promise<VideoRow[]> {
  const db = await getDb();
  const c = db
    .select({ videoId: clicks.videoId, n: count().as("click_n"), m: sql<number>`count(*) filter (where ${clicks.matchState} = 'matched')`.as("click_m") })
    .from(clicks)
    .where(isNotNull(clicks.videoId))
    .groupBy(clicks.videoId)
    .as("c");
  const ce = db.select({ videoId: cartEvents.videoId, n: count().as("cart_n") }).from(cartEvents).where(cartScope()).groupBy(cartEvents.videoId).as("ce");
  const po = db
    .select({
      videoId: orderItems.videoId,
      n: countDistinct(orders.id).as("paid_n"),
      rev: sql<number>`sum(${lineRevenue})`.as("paid_rev"),
    })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(paidScope())
    .groupBy(orderItems.videoId)
    .as("po");
  const rows = await db
    .select({
      videoId: videos.id,
      title: videos.title,
      clicks: num(sql`${c.n}`),
      matchedClicks: num(sql`${c.m}`),
      cartAdds: num(sql`${ce.n}`),
      paidOrders: num(sql`${po.n}`),
      revenueCents: num(sql`${po.rev}`),
    })
    .from(videos)
    .leftJoin(c, eq(c.videoId, videos.id))
    .leftJoin(ce, eq(ce.videoId, videos.id))
    .leftJoin(po, eq(po.videoId, videos.id))
    .orderBy(desc(sql`coalesce(${po.rev}, 0)`), desc(sql`coalesce(${c.n}, 0)`), desc(videos.id))
    .limit(limit);
  return rows;
}

export type TopProduct = { productId: number; name: string; currency: string; clicks: number; cartAdds: number; unitsSold: number; revenueCents: number };

/** Products by paid revenue, then cart adds and clicks, in one video or across videos. */
export async function topProducts(opts: { videoId?: number; limit?: number } = {}): Promise<TopProduct[]> {
  const db = await getDb();
  const v = opts.videoId;
  const clickN = num(sql`(select count(*) from ${clicks} where ${clicks.productId} = ${products.id} and ${clickScope(v)})`);
  const cartN = num(sql`(select count(*) from ${cartEvents} where ${cartEvents.productId} = ${products.id} and ${cartScope(v)})`);
  const paidFrom = sql`from ${orderItems} join ${orders} on ${orders.id} = ${orderItems.orderId} where ${orderItems.productId} = ${products.id} and ${paidScope(v)}`;
  const units = num(sql`(select sum(${lineUnits}) ${paidFrom})`);
  const revenue = num(sql`(select sum(${lineRevenue}) ${paidFrom})`);
  const inner = db
    .select({ productId: products.id, name: products.name, currency: products.currency, clicks: clickN.as("clicks"), cartAdds: cartN.as("cart_adds"), unitsSold: units.as("units"), revenueCents: revenue.as("revenue") })
    .from(products)
    .as("t");
  return db
    .select({
      productId: inner.productId,
      name: inner.name,
      currency: inner.currency,
      clicks: num(sql`${inner.clicks}`),
      cartAdds: num(sql`${inner.cartAdds}`),
      unitsSold: num(sql`${inner.unitsSold}`),
      revenueCents: num(sql`${inner.revenueCents}`),
    })
    .from(inner)
    .where(sql`${inner.clicks} + ${inner.cartAdds} + ${inner.unitsSold} > 0`)
    .orderBy(desc(inner.revenueCents), desc(inner.unitsSold), desc(inner.cartAdds), desc(inner.clicks), inner.productId)
    .limit(opts.limit ?? 10);
}

/** Click counts per square cell of `cellPx` video pixels (clicks in the bars left out). */
export async function clickGrid(videoId: number, cellPx: number): Promise<{ gx: number; gy: number; n: number }[]> {
  const db = await getDb();
  const gx = sql<number>`floor(${clicks.x} / ${cellPx})::int`.mapWith(Number);
  const gy = sql<number>`floor(${clicks.y} / ${cellPx})::int`.mapWith(Number);
  return db
    .select({ gx, gy, n: count() })
    .from(clicks)
    .where(and(eq(clicks.videoId, videoId), isNotNull(clicks.x), isNotNull(clicks.y), sql`${clicks.matchState} <> 'outside'`))
    .groupBy(sql`1`, sql`2`);
}

/** Clicks per (bin of `binS` seconds of video time, cell of `cellPx` video pixels): the heat map's time windows. */
export async function clickGridByTime(videoId: number, cellPx: number, binS: number): Promise<{ bin: number; gx: number; gy: number; n: number }[]> {
  const db = await getDb();
  return db
    .select({
      bin: sql<number>`floor(${clicks.timestampS} / ${binS})::int`.mapWith(Number),
      gx: sql<number>`floor(${clicks.x} / ${cellPx})::int`.mapWith(Number),
      gy: sql<number>`floor(${clicks.y} / ${cellPx})::int`.mapWith(Number),
      n: count(),
    })
    .from(clicks)
    .where(and(eq(clicks.videoId, videoId), isNotNull(clicks.x), isNotNull(clicks.y), sql`${clicks.matchState} <> 'outside'`))
    .groupBy(sql`1`, sql`2`, sql`3`);
}

/** Clicks (and matched clicks) per bin of `binS` seconds of video time. */
export async function clickTimeBins(videoId: number, binS: number): Promise<{ bin: number; n: number; matched: number }[]> {
  const db = await getDb();
  return db
    .select({
      bin: sql<number>`floor(${clicks.timestampS} / ${binS})::int`.mapWith(Number),
      n: count(),
      matched: num(sql`count(*) filter (where ${clicks.matchState} = 'matched')`),
    })
    .from(clicks)
    .where(eq(clicks.videoId, videoId))
    .groupBy(sql`1`)
    .orderBy(sql`1`);
}

export type ProductVideoRow = { videoId: number; title: string; status: string; tracks: number; clicks: number; cartAdds: number; unitsSold: number; revenueCents: number };

/** Which videos sell a product: those with a track attached to it or with clicks, cart adds or sales for it. */
export async function videosSellingProduct(productId: number): Promise<ProductVideoRow[]> {
  const db = await getDb();
  const trackN = sql`(select count(*) from ${trackProducts} join ${tracks} on ${tracks.id} = ${trackProducts.trackId} where ${trackProducts.productId} = ${productId} and ${tracks.videoId} = ${videos.id})`;
  const clickN = sql`(select count(*) from ${clicks} where ${clicks.productId} = ${productId} and ${clicks.videoId} = ${videos.id})`;
  const cartN = sql`(select count(*) from ${cartEvents} where ${cartEvents.productId} = ${productId} and ${cartEvents.videoId} = ${videos.id} and ${cartEvents.quantity} > 0)`;
  const paidFrom = sql`from ${orderItems} join ${orders} on ${orders.id} = ${orderItems.orderId} where ${orderItems.productId} = ${productId} and ${orderItems.videoId} = ${videos.id} and ${orders.status} in (${paidList})`;
  const rows = await db
    .select({
      videoId: videos.id,
      title: videos.title,
      status: videos.status,
      tracks: num(trackN),
      clicks: num(clickN),
      cartAdds: num(cartN),
      unitsSold: num(sql`(select sum(${lineUnits}) ${paidFrom})`),
      revenueCents: num(sql`(select sum(${lineRevenue}) ${paidFrom})`),
    })
    .from(videos)
    .where(sql`(${trackN}) + (${clickN}) + (${cartN}) + coalesce((select sum(${lineUnits}) ${paidFrom}), 0) > 0`)
    .orderBy(desc(videos.id));
  return rows.sort((a, b) => b.revenueCents - a.revenueCents || b.unitsSold - a.unitsSold || b.clicks - a.clicks || b.videoId - a.videoId);
}
