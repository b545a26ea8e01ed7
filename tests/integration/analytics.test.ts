import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as overviewRoute } from "@/app/api/admin/analytics/route";
import { GET as productRoute } from "@/app/api/admin/analytics/products/[id]/route";
import { GET as videoRoute } from "@/app/api/admin/analytics/videos/[id]/route";
import { getDb } from "@/db";
import { funnelTotals, topProducts, videoFunnels, videosSellingProduct } from "@/db/queries/analytics";
import { cartEvents, clicks, orderItems, orders, products, trackProducts, tracks, videos } from "@/db/schema";
import { resetRateLimits } from "@/lib/api/rate-limit";
import { videoAnalytics } from "@/lib/analytics/service";
import { heatWindow } from "@/lib/analytics/shape";
import { createTestDb } from "../helpers/db";
import { call, userWithToken } from "../helpers/http";

// Real rows in every table of the funnel (cart_events, orders, order_items written directly: the shop's
// writers are built elsewhere), then the SQL and the admin API read them back.
let drop: () => Promise<void>;
let admin: string;
let shopper: string;
let vA: number;
let vB: number;
let vEmpty: number;
let jacket: number;
let mug: number;
let bed: number;

type ClickRow = typeof clicks.$inferInsert;
const click = (videoId: number, x: number, y: number, t: number, state: string, productId: number | null = null): ClickRow => ({
  ip: "test",
  youtubeId: `yt${videoId}`,
  videoId,
  rawX: x,
  rawY: y,
  x,
  y,
  timestampS: t,
  matchState: state,
  productId,
});

beforeAll(async () => {
  ({ drop } = await createTestDb());
  admin = (await userWithToken("admin")).token;
  shopper = (await userWithToken("shopper")).token;
  const db = await getDb();
  const mk = async (youtubeId: string) =>
    (await db.insert(videos).values({ youtubeId, title: `Video ${youtubeId}`, storageKey: youtubeId, sizeBytes: 1, width: 640, height: 360, durationMs: 10_000, status: "ready" }).returning())[0]!.id;
  vA = await mk("AAAAAAAAAAA");
  vB = await mk("BBBBBBBBBBB");
  vEmpty = await mk("CCCCCCCCCCC");
  const p = async (sku: string, name: string, priceCents: number) => (await db.insert(products).values({ sku, name, priceCents, currency: "EUR", stock: 10 }).returning())[0]!.id;
  jacket = await p("JKT", "Jacket", 9900);
  mug = await p("MUG", "Mug", 1200);
  bed = await p("BED", "Dog bed", 4500);
  const [t] = await db.insert(tracks).values({ videoId: vA, label: "person", firstMs: 0, lastMs: 5000 }).returning();
  await db.insert(trackProducts).values({ trackId: t!.id, productId: jacket });
  const [t2] = await db.insert(tracks).values({ videoId: vB, label: "dog", firstMs: 0, lastMs: 5000 }).returning();
  await db.insert(trackProducts).values({ trackId: t2!.id, productId: bed });
  // Video A: 5 clicks (3 on the jacket at ~(100,100), 1 unmatched, 1 in the bars), video B: 2 matched on the bed.
  await db.insert(clicks).values([
    click(vA, 100, 100, 0.5, "matched", jacket),
    click(vA, 105, 110, 0.6, "matched", jacket),
    click(vA, 110, 105, 2.2, "matched", jacket),
    click(vA, 600, 300, 9.9, "no_match"),
    click(vA, 0, 0, 3.0, "outside"),
    click(vB, 300, 200, 1.0, "matched", bed),
    click(vB, 310, 210, 1.1, "matched", bed),
  ]);
  // Cart adds: 2 jacket from A, 1 mug from A, a removal (quantity -1, not an add), 1 bed from B, 1 with no video.
  await db.insert(cartEvents).values([
    { cartId: "c1", productId: jacket, quantity: 1, videoId: vA },
    { cartId: "c2", productId: jacket, quantity: 2, videoId: vA },
    { cartId: "c2", productId: mug, quantity: 1, videoId: vA },
    { cartId: "c2", productId: mug, quantity: -1, videoId: vA },
    { cartId: "c3", productId: bed, quantity: 1, videoId: vB },
    { cartId: "c4", productId: bed, quantity: 1, videoId: null },
  ]);
  const order = async (publicId: string, status: "paid" | "pending" | "refunded", items: { productId: number; price: number; qty: number; videoId: number | null }[]) => {
    const total = items.reduce((s, i) => s + i.price * i.qty, 0);
    const [o] = await db.insert(orders).values({ publicId, status, totalCents: total, currency: "EUR", paymentMode: "demo" }).returning();
    await db.insert(orderItems).values(items.map((i) => ({ orderId: o!.id, productId: i.productId, name: "x", unitPriceCents: i.price, quantity: i.qty, videoId: i.videoId })));
  };
  await order("o1", "paid", [{ productId: jacket, price: 9900, qty: 2, videoId: vA }, { productId: mug, price: 1200, qty: 1, videoId: vA }]);
  await order("o2", "paid", [{ productId: jacket, price: 9900, qty: 1, videoId: vA }, { productId: bed, price: 4500, qty: 1, videoId: vB }]);
  await order("o3", "pending", [{ productId: jacket, price: 9900, qty: 5, videoId: vA }]);
  await order("o4", "refunded", [{ productId: bed, price: 4500, qty: 3, videoId: vB }]);
  await order("o5", "paid", [{ productId: mug, price: 1200, qty: 4, videoId: null }]);
});
afterAll(async () => drop());

describe("analytics SQL", () => {
  it("counts the funnel of one video: clicks → matched → cart adds → paid orders", async () => {
    expect(await funnelTotals(vA)).toEqual({ clicks: 5, matchedClicks: 3, cartAdds: 3, paidOrders: 2, unitsSold: 4, revenueCents: 2 * 9900 + 1200 + 9900, currencies: ["EUR"] });
    expect(await funnelTotals(vB)).toMatchObject({ clicks: 2, matchedClicks: 2, cartAdds: 1, paidOrders: 1, unitsSold: 1, revenueCents: 4500 });
    expect(await funnelTotals(vEmpty)).toEqual({ clicks: 0, matchedClicks: 0, cartAdds: 0, paidOrders: 0, unitsSold: 0, revenueCents: 0, currencies: [] });
  });

  it("across videos counts only video-attributed events; an order with items from two videos counts once", async () => {
    expect(await funnelTotals()).toMatchObject({ clicks: 7, matchedClicks: 5, cartAdds: 4, paidOrders: 2, unitsSold: 5, revenueCents: 3 * 9900 + 1200 + 4500 });
  });

  it("lists videos by revenue with their funnels, zeros for a video without activity", async () => {
    const rows = await videoFunnels();
    expect(rows.map((r) => r.videoId)).toEqual([vA, vB, vEmpty]);
    expect(rows[0]).toMatchObject({ clicks: 5, matchedClicks: 3, cartAdds: 3, paidOrders: 2, revenueCents: 30900 });
    expect(rows[2]).toMatchObject({ clicks: 0, matchedClicks: 0, cartAdds: 0, paidOrders: 0, revenueCents: 0 });
  });

  it("ranks top products by paid revenue, per video and across videos", async () => {
    const inA = await topProducts({ videoId: vA });
    expect(inA.map((p) => [p.name, p.clicks, p.cartAdds, p.unitsSold, p.revenueCents])).toEqual([
      ["Jacket", 3, 2, 3, 29700],
      ["Mug", 0, 1, 1, 1200],
    ]);
    const all = await topProducts();
    expect(all.map((p) => p.name)).toEqual(["Jacket", "Dog bed", "Mug"]);
    expect(all[1]).toMatchObject({ clicks: 2, cartAdds: 1, unitsSold: 1, revenueCents: 4500 });
  });

  it("tells which videos sell a product (attached tracks, clicks, sales)", async () => {
    const rows = await videosSellingProduct(bed);
    expect(rows).toEqual([{ videoId: vB, title: "Video BBBBBBBBBBB", status: "ready", tracks: 1, clicks: 2, cartAdds: 1, unitsSold: 1, revenueCents: 4500 }]);
    expect((await videosSellingProduct(mug)).map((r) => [r.videoId, r.tracks, r.unitsSold])).toEqual([[vA, 0, 1]]);
  });

  it("computes the heat grid in video pixels and the time histogram", async () => {
    const a = await videoAnalytics(vA);
    // 640 px / 32 columns = 20 px cells; the three jacket clicks share cell (5,5); the bar click is left out.
    expect(a.heat).toMatchObject({ cellPx: 20, cols: 32, rows: 18, max: 3, total: 4 });
    expect(a.heat?.cells).toEqual([{ gx: 5, gy: 5, n: 3 }, { gx: 30, gy: 15, n: 1 }]);
    expect(a.histogram.binS).toBe(0.25);
    expect(a.histogram.bins).toHaveLength(40);
    expect(a.histogram.bins[2]).toEqual({ fromS: 0.5, n: 2, matched: 2 });
    expect(a.histogram.bins[39]).toEqual({ fromS: 9.75, n: 1, matched: 0 });
    expect(a.histogram.bins.reduce((s, b) => s + b.n, 0)).toBe(5);
    expect(a.conversionPct).toBe(40);
  });

  it("keeps the clicks per time bin so the heat map can show one window of video time", async () => {
    const a = await videoAnalytics(vA);
    const t = a.heatTimeline!;
    expect(t).toMatchObject({ binS: 0.25, durationS: 10, cellPx: 20, cols: 32, rows: 18 });
    // 0.5 s and 0.6 s share bin 2; 2.2 s is bin 8; 9.9 s bin 39; the bar click (outside) is left out.
    expect(t.cells).toEqual([{ bin: 2, gx: 5, gy: 5, n: 2 }, { bin: 8, gx: 5, gy: 5, n: 1 }, { bin: 39, gx: 30, gy: 15, n: 1 }]);
    expect(heatWindow(t, 0, 1)).toMatchObject({ total: 2, cells: [{ gx: 5, gy: 5, n: 2 }] });
    expect(heatWindow(t, 9, 10)).toMatchObject({ total: 1, cells: [{ gx: 30, gy: 15, n: 1 }] });
    expect(heatWindow(t, 0, 10)).toEqual(a.heat);
  });
});

describe("analytics API", () => {
  it("is for admins only", async () => {
    resetRateLimits();
    expect((await call(overviewRoute, "/api/admin/analytics")).status).toBe(401);
    expect((await call(overviewRoute, "/api/admin/analytics", { token: shopper })).status).toBe(403);
    const ok = await call(overviewRoute, "/api/admin/analytics", { token: admin });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ totals: { clicks: 7, paidOrders: 2 }, conversionPct: 28.6 });
  });

  it("serves a video's and a product's analytics, 404 for unknown ids", async () => {
    const v = await call(videoRoute, `/api/admin/analytics/videos/${vEmpty}`, { token: admin, params: { id: String(vEmpty) } });
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({ totals: { clicks: 0 }, conversionPct: null, heat: { total: 0, cells: [] }, topProducts: [] });
    expect((await call(videoRoute, "/api/admin/analytics/videos/9999", { token: admin, params: { id: "9999" } })).status).toBe(404);
    const p = await call(productRoute, `/api/admin/analytics/products/${jacket}`, { token: admin, params: { id: String(jacket) } });
    expect(p.body).toMatchObject({ product: { name: "Jacket" }, videos: [{ videoId: vA, tracks: 1, unitsSold: 3 }] });
  });
});
