import { eq } from "drizzle-orm";
import { expect } from "vitest";
import * as items from "@/app/api/cart/items/route";
import { getDb } from "@/db";
import { insertClicks } from "@/db/queries/clicks";
import { insertProduct } from "@/db/queries/products";
import { insertVideo } from "@/db/queries/videos";
import { cartEvents, orders, payments, products, stripeEvents } from "@/db/schema";
import { call } from "@/tests/helpers/http";

let n = 0;

export async function makeProduct(opts: { stock: number; priceCents?: number; name?: string; currency?: string; active?: boolean }) {
  n += 1;
  const p = await insertProduct({
    sku: `SHOP-T-${n}-${Date.now()}`,
    name: opts.name ?? `Test product ${n}`,
    priceCents: opts.priceCents ?? 1000,
    currency: opts.currency ?? "EUR",
    stock: opts.stock,
    active: opts.active ?? true,
  });
  if (!p) throw new Error("product not created");
  return p;
}

export async function makeVideoAndClick(youtubeId: string) {
  const v = await insertVideo({ youtubeId, title: youtubeId, storageKey: `videos/${youtubeId}.mp4`, sizeBytes: 1 });
  if (!v) throw new Error("video not created");
  const [clickId] = await insertClicks([{ ip: "127.0.0.1", youtubeId, videoId: v.id, rawX: 0.5, rawY: 0.5, timestampS: 1.5, ptsMs: 1500 }]);
  if (clickId === undefined) throw new Error("click not created");
  return { video: v, clickId };
}

export async function stockOf(id: number): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ stock: products.stock }).from(products).where(eq(products.id, id));
  return row?.stock ?? -1;
}

export async function orderRow(publicId: string) {
  const db = await getDb();
  const [row] = await db.select().from(orders).where(eq(orders.publicId, publicId));
  if (!row) throw new Error(`no order ${publicId}`);
  return row;
}

export async function paymentsOf(orderId: number) {
  const db = await getDb();
  return db.select().from(payments).where(eq(payments.orderId, orderId)).orderBy(payments.id);
}

export async function countStripeEvents(): Promise<number> {
  const db = await getDb();
  return (await db.select().from(stripeEvents)).length;
}

export async function cartEventsFor(productId: number) {
  const db = await getDb();
  return db.select().from(cartEvents).where(eq(cartEvents.productId, productId)).orderBy(cartEvents.id);
}

/** The cart cookie value from a Set-Cookie header ("" when cleared, undefined when not touched). */
export function cartCookieFrom(res: Response): string | undefined {
  const all = res.headers.getSetCookie();
  const c = all.find((h) => h.startsWith("fc_cart="));
  if (!c) return undefined;
  return c.slice("fc_cart=".length).split(";")[0] ?? "";
}

/** An anonymous cart holding `lines` (through the cart API); returns the cookie header that names it. */
export async function anonCart(lines: { productId: number; quantity: number; videoId?: string | number; clickId?: number }[]) {
  let id = "";
  for (const l of lines) {
    const r = await call(items.POST, "/api/cart/items", { method: "POST", json: l, headers: id ? { cookie: `fc_cart=${id}` } : {} });
    expect(r.status).toBe(201);
    id ||= cartCookieFrom(r.res)!;
  }
  return { cookie: `fc_cart=${id}` };
}

/** The anonymous browser behind a cart cookie, as the order pages see it (the buyer of its order). */
export const buyer = (h: { cookie: string }) => ({ userId: null, role: null, cartCookie: h.cookie.slice("fc_cart=".length) });
