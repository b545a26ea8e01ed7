import { createHash, timingSafeEqual } from "node:crypto";
import { getOrderByPublicId, getOrderItems } from "@/db/queries/orders";
import type { Order, OrderItem } from "@/db/schema";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import type { Shopper } from "./cart";

const PUBLIC_ID_RE = /^[A-Za-z0-9_-]{22,40}$/;

/** Who is looking at an order: the shopper (user id, cart cookie) and their role. */
export type OrderViewer = Shopper & { role: "shopper" | "admin" | null };

/** What an anonymous order remembers of its buyer's browser: a hash of the cart cookie, never the cookie. */
export function ownerKeyHash(cartCookie: string): string {
  return createHash("sha256").update(`framecart-order-owner:${cartCookie}`).digest("hex");
}

/** The buyer themself: the signed-in user who placed it, or the browser whose cart became the order. */
export function isOrderOwner(order: Order, viewer: Shopper): boolean {
  if (order.userId !== null) return viewer.userId === order.userId;
  if (!order.ownerKeyHash || !viewer.cartCookie) return false;
  const a = Buffer.from(ownerKeyHash(viewer.cartCookie));
  const b = Buffer.from(order.ownerKeyHash);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** "j***@example.com": enough for the buyer to recognise, nothing for whoever else holds the link. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return "***";
  return `${email[0]}***${email.slice(at)}`;
}

export type VisibleOrder = { order: Order; items: OrderItem[]; email: string | null; owner: boolean };

/**
 * An order as this viewer may see it, or NotFoundError. A signed-in buyer's order is seen by that buyer
 * and admins only; an anonymous order by whoever holds its unguessable link, with the e-mail masked
 * (admins see it whole).
 */
export async function visibleOrder(publicId: string, viewer: OrderViewer): Promise<VisibleOrder> {
  const order = PUBLIC_ID_RE.test(publicId) ? await getOrderByPublicId(publicId) : undefined;
  if (!order) throw new NotFoundError("Order");
  const items = await getOrderItems(order.id);
  const owner = isOrderOwner(order, viewer);
  const admin = viewer.role === "admin";
  if (order.userId !== null && !owner && !admin) throw new NotFoundError("Order");
  const email = order.email && !admin && order.userId === null ? maskEmail(order.email) : order.email;
  return { order, items, email, owner };
}

/** Only the buyer's own session may pay or decline an order (demo payments). */
export async function ownedOrder(publicId: string, viewer: OrderViewer): Promise<Order> {
  const v = await visibleOrder(publicId, viewer);
  if (!v.owner) throw new ForbiddenError("Only the buyer who placed this order can pay for it or decline it");
  return v.order;
}
