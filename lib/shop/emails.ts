import { getOrderByPublicId, getOrderItems } from "@/db/queries/orders";
import { insertOrderEvent } from "@/db/queries/order-events";
import { getProduct } from "@/db/queries/products";
import type { Order, OrderItem } from "@/db/schema";
import { formatPrice } from "@/lib/catalogue/format";
import { productImageUrl } from "@/lib/catalogue/schemas";
import { env, isTestRun } from "@/lib/env";
import { sendMail, type MailMessage } from "@/lib/mail/transport";

// The buyer's e-mails: confirmation (paid), shipped (carrier + tracking number), refunded. Each has a
// plain-text and an HTML part, the products with their pictures, the totals and the order link.

export type OrderMailKind = "confirmation" | "shipped" | "refunded";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

type Line = { item: OrderItem; imageUrl: string | null };

function intro(kind: OrderMailKind, o: Order): { subject: string; lead: string } {
  const ref = o.publicId.slice(0, 8);
  if (kind === "confirmation") return { subject: `Order ${ref} confirmed`, lead: "Thank you for your order! We received your payment and will ship it soon." };
  if (kind === "shipped") {
    return { subject: `Order ${ref} shipped`, lead: `Your order is on its way with ${o.carrier ?? "our carrier"}. Tracking number: ${o.trackingNumber ?? "—"}.` };
  }
  const full = o.status === "refunded";
  return {
    subject: `Order ${ref} ${full ? "refunded" : "partly refunded"}`,
    lead: `We refunded ${formatPrice(o.refundedCents, o.currency)}${full ? ", the whole order" : ` of ${formatPrice(o.totalCents, o.currency)}`}. It reaches your account in a few days.`,
  };
}

export function renderOrderMail(kind: OrderMailKind, o: Order, lines: Line[], base: string): Omit<MailMessage, "to"> {
  const link = `${base}/orders/${o.publicId}`;
  const money = (c: number) => formatPrice(c, o.currency);
  const { subject, lead } = intro(kind, o);
  const totals: [string, number][] = [
    ["Subtotal", o.subtotalCents],
    [`Shipping${o.shippingRate ? ` (${o.shippingRate})` : ""}`, o.shippingCents],
    ["Tax", o.taxCents],
    ["Total", o.totalCents],
    ...(o.refundedCents > 0 ? ([["Refunded", o.refundedCents]] as [string, number][]) : []),
  ];
  const a = o.shippingAddress;
  const address = a ? [a.name, a.line1, a.line2, `${a.postalCode} ${a.city}`, a.state, a.country].filter(Boolean).join("\n") : null;
  const text = [
    lead,
    "",
    ...lines.map(({ item: i }) => `${i.quantity} × ${i.name} — ${money(i.unitPriceCents * i.quantity)}${i.refundedQuantity > 0 ? ` (${i.refundedQuantity} refunded)` : ""}`),
    "",
    ...totals.map(([k, v]) => `${k}: ${money(v)}`),
    ...(address ? ["", "Ship to:", address] : []),
    "",
    `Your order: ${link}`,
  ].join("\n");
  const row = ({ item: i, imageUrl }: Line) =>
    `<tr><td>${imageUrl ? `<img src="${esc(base + imageUrl)}" alt="${esc(i.name)}" width="64" height="64" style="object-fit:cover">` : ""}</td>` +
    `<td>${i.quantity} × ${esc(i.name)}${i.refundedQuantity > 0 ? ` <em>(${i.refundedQuantity} refunded)</em>` : ""}</td><td align="right">${esc(money(i.unitPriceCents * i.quantity))}</td></tr>`;
  const html =
    `<!doctype html><html><body style="font-family:sans-serif"><p>${esc(lead)}</p>` +
    `<table cellpadding="6">${lines.map(row).join("")}</table>` +
    `<table cellpadding="2">${totals.map(([k, v]) => `<tr><td>${esc(k)}</td><td align="right">${esc(money(v))}</td></tr>`).join("")}</table>` +
    (address ? `<p><strong>Ship to</strong><br>${esc(address).replace(/\n/g, "<br>")}</p>` : "") +
    `<p><a href="${esc(link)}">See your order</a></p></body></html>`;
  return { subject, text, html };
}

/** The base of links in e-mails: APP_URL when set, else the origin of the request that caused the e-mail. */
export function mailBase(origin: string): string {
  return (env().APP_URL ?? origin).replace(/\/$/, "");
}

/**
 * Sends one of the buyer's e-mails and records it on the order's timeline. A failure to send is logged
 * and recorded, never thrown: the order change that caused the e-mail has already happened.
 */
export async function sendOrderMail(kind: OrderMailKind, publicId: string, origin: string): Promise<boolean> {
  const order = await getOrderByPublicId(publicId);
  if (!order?.email) return false;
  const items = await getOrderItems(order.id);
  const withImages: Line[] = [];
  for (const item of items) {
    const p = await getProduct(item.productId);
    withImages.push({ item, imageUrl: p ? productImageUrl(p) : null });
  }
  try {
    const sent = await sendMail({ to: order.email, ...renderOrderMail(kind, order, withImages, mailBase(origin)) });
    await insertOrderEvent({ orderId: order.id, kind: `email_${kind}`, actor: { label: "system" }, note: sent.via === "smtp" ? `sent to ${order.email}` : `written to ${sent.file}` });
    return true;
  } catch (e) {
    if (!isTestRun()) console.error(`[mail] ${kind} e-mail for order ${order.publicId} failed`, e);
    await insertOrderEvent({ orderId: order.id, kind: `email_${kind}_failed`, actor: { label: "system" }, note: e instanceof Error ? e.message.slice(0, 200) : "send failed" });
    return false;
  }
}
