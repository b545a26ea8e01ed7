import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/components/shop/action-form";
import { Notice } from "@/components/shop/notice";
import { OrderItemsTable } from "@/components/shop/order-items-table";
import { OrderStatusBadge } from "@/components/shop/order-status-badge";
import { OrderTimeline } from "@/components/shop/order-timeline";
import { ShippingAddress } from "@/components/shop/shipping-address";
import { formatPrice } from "@/lib/catalogue/format";
import { DomainError } from "@/lib/errors";
import { orderDetail } from "@/lib/shop/fulfilment";
import { ADMIN_ORDER_DONE } from "@/lib/shop/schemas";
import { isPaidStatus } from "@/lib/shop/states";
import { cancelAction, deliverAction, refundAction, shipAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Order" };

async function load(publicId: string) {
  try {
    return await orderDetail(publicId);
  } catch (e) {
    if (e instanceof DomainError && e.kind === "not_found") notFound();
    throw e;
  }
}

// One order for the admin: lines, totals, address, payments, the timeline with who and when, and the
// next steps (ship → delivered, cancel, refund all or per line).
export default async function AdminOrderPage({ params, searchParams }: { params: Promise<{ publicId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { publicId } = await params;
  const sp = await searchParams;
  const done = Object.entries(ADMIN_ORDER_DONE).find(([k]) => k === sp.done)?.[1];
  const { order, items, events, payments } = await load(publicId);
  const paid = isPaidStatus(order.status);
  const money = (c: number) => formatPrice(c, order.currency);
  return (
    <div className="space-y-6">
      <p><Link href="/admin/orders" className="text-sm text-brand-600 underline">All orders</Link></p>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="page-title">Order {order.publicId.slice(0, 8)}</h1>
        <OrderStatusBadge status={order.status} />
        <Link href={`/orders/${order.publicId}`} className="text-sm text-brand-600 underline">Buyer’s page</Link>
      </div>
      {done && <Notice tone="ok">{done}</Notice>}
      <p className="text-sm text-slate-600">
        {order.email ?? (order.userId ? `user #${order.userId}` : "no e-mail")} · {order.paymentMode === "demo" ? "demo payment" : "Stripe"}
        {order.carrier && ` · ${order.carrier} ${order.trackingNumber ?? ""}`}
        {paid && !order.stockReserved && <span className="ml-2 font-medium text-red-700">Stock ran out before payment: restock or refund</span>}
      </p>
      <section aria-label="Items" className="card p-4">
        <OrderItemsTable items={items} currency={order.currency} totalCents={order.totalCents} totals={order} />
      </section>
      <div className="grid gap-4 lg:grid-cols-2">
        {order.status === "paid" && (
          <ActionForm action={shipAction.bind(null, order.publicId)} label="Ship" className="card space-y-3 p-4">
            <legend className="font-semibold">Ship</legend>
            <label className="label" htmlFor="ship-carrier">Carrier</label>
            <input id="ship-carrier" name="carrier" className="input" required maxLength={60} />
            <label className="label" htmlFor="ship-tracking">Tracking number</label>
            <input id="ship-tracking" name="trackingNumber" className="input" required maxLength={80} />
            <button type="submit" className="btn-primary">Mark shipped</button>
          </ActionForm>
        )}
        {order.status === "shipped" && (
          <ActionForm action={deliverAction.bind(null, order.publicId)} label="Deliver" className="card p-4">
            <button type="submit" className="btn-primary">Mark delivered</button>
          </ActionForm>
        )}
        {order.status === "pending" && (
          <ActionForm action={cancelAction.bind(null, order.publicId)} label="Cancel" className="card p-4">
            <button type="submit" className="btn-danger">Cancel order</button>
          </ActionForm>
        )}
        {paid && (
          <ActionForm action={refundAction.bind(null, order.publicId)} label="Refund" className="card space-y-3 p-4">
            <legend className="font-semibold">Refund</legend>
            <p className="text-xs text-slate-600">
              Refunded so far: {money(order.refundedCents)}. {order.paymentMode === "stripe" ? "The money goes back through Stripe." : "Demo order: no money moves."} Stock comes back for the refunded quantities.
            </p>
            {items.map((i) => (
              <div key={i.productId} className="flex items-center gap-2 text-sm">
                <label htmlFor={`refund-${i.productId}`} className="grow">{i.name} ({i.quantity - i.refundedQuantity} left)</label>
                <input id={`refund-${i.productId}`} name={`qty-${i.productId}`} type="number" min={0} max={i.quantity - i.refundedQuantity} defaultValue={0} className="input w-20" />
              </div>
            ))}
            <div className="flex flex-wrap gap-2">
              <button type="submit" name="scope" value="lines" className="btn-secondary">Refund these quantities</button>
              <button type="submit" name="scope" value="all" className="btn-danger">Refund the whole order</button>
            </div>
          </ActionForm>
        )}
        {order.shippingAddress && (
          <section aria-label="Shipping address" className="card p-4">
            <h2 className="mb-2 font-semibold">Ship to ({order.shippingRate})</h2>
            <ShippingAddress address={order.shippingAddress} />
          </section>
        )}
      </div>
      <section aria-label="Timeline" className="card p-4">
        <h2 className="mb-2 font-semibold">Timeline</h2>
        <OrderTimeline events={events.map((e) => ({ id: e.id, kind: e.kind, at: e.createdAt, actor: e.actor, note: e.note }))} />
      </section>
      <section aria-label="Payments" className="card p-4 text-sm">
        <h2 className="mb-2 font-semibold">Payments</h2>
        <ul>
          {payments.map((p) => (
            <li key={p.id}>{p.createdAt.toISOString().slice(0, 19).replace("T", " ")} · {p.provider} · {p.status} · {money(p.amountCents)} {p.providerRef && <span className="font-mono text-xs">{p.providerRef}</span>}</li>
          ))}
        </ul>
      </section>
    </div>
  );
}
