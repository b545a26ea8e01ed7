import Link from "next/link";
import { OrderStatusBadge } from "@/components/shop/order-status-badge";
import { listOrdersForAdmin } from "@/lib/shop/order-lists";
import { formatPrice } from "@/lib/catalogue/format";
import { ORDER_STATUSES, STATUS_LABEL, type OrderStatus } from "@/lib/shop/states";

export const dynamic = "force-dynamic";
export const metadata = { title: "Orders" };

export default async function AdminOrdersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const status = ORDER_STATUSES.find((s) => s === sp.status) as OrderStatus | undefined;
  const rows = await listOrdersForAdmin({ status });
  return (
    <div className="space-y-6">
      <h1 className="page-title">Orders</h1>
      <form method="get" className="flex flex-wrap items-end gap-2">
        <div>
          <label className="label" htmlFor="status-filter">Status</label>
          <select id="status-filter" name="status" defaultValue={status ?? ""} className="input">
            <option value="">All statuses</option>
            {ORDER_STATUSES.map((s) => <option key={s} value={s}>{STATUS_LABEL[s]}</option>)}
          </select>
        </div>
        <button type="submit" className="btn-secondary">Filter</button>
        {status && <Link href="/admin/orders" className="btn-secondary">Clear</Link>}
      </form>
      <p className="text-sm text-slate-600" aria-live="polite">{rows.length} order{rows.length === 1 ? "" : "s"}{status ? ` ${STATUS_LABEL[status].toLowerCase()}` : ""} (newest 200 at most)</p>
      {rows.length === 0 ? (
        <p className="card p-8 text-center text-slate-600">{status ? "No orders with this status." : "No orders yet. They appear here as soon as a shopper checks out."}</p>
      ) : (
        <div className="card overflow-x-auto p-2">
          <table className="table">
            <caption className="sr-only">Orders, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Placed (UTC)</th>
                <th scope="col">Customer</th>
                <th scope="col">Status</th>
                <th scope="col" className="text-right">Items</th>
                <th scope="col" className="text-right">Total</th>
                <th scope="col">Came from</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ order: o, videoTitle, youtubeId, clickPtsMs, itemCount }) => (
                <tr key={o.id}>
                  <td>
                    <Link href={`/admin/orders/${o.publicId}`} className="font-mono text-brand-600 underline-offset-2 hover:underline">{o.publicId.slice(0, 8)}</Link>
                    <div className="text-xs text-slate-500">{o.paymentMode === "demo" ? "demo" : "Stripe"}</div>
                  </td>
                  <td className="whitespace-nowrap">{o.createdAt.toISOString().slice(0, 16).replace("T", " ")}</td>
                  <td>{o.email ?? (o.userId ? `user #${o.userId}` : "—")}</td>
                  <td>
                    <OrderStatusBadge status={o.status} />
                    {o.status === "paid" && !o.stockReserved && (
                      <div className="mt-1 text-xs font-medium text-red-700">Stock ran out before payment: restock or refund</div>
                    )}
                  </td>
                  <td className="text-right tabular-nums">{itemCount}</td>
                  <td className="text-right tabular-nums">{formatPrice(o.totalCents, o.currency)}</td>
                  <td className="text-sm">
                    {o.videoId ? (
                      <Link href={`/admin/videos/${o.videoId}`} className="text-brand-600 underline-offset-2 hover:underline">{videoTitle ?? youtubeId ?? `video #${o.videoId}`}</Link>
                    ) : (
                      <span className="text-slate-500">shop</span>
                    )}
                    {o.clickId && (
                      <div className="text-xs">
                        {o.videoId ? (
                          <Link href={`/admin/videos/${o.videoId}?click=${o.clickId}`} className="text-brand-600 underline-offset-2 hover:underline">
                            click #{o.clickId}{clickPtsMs !== null ? ` at ${(clickPtsMs / 1000).toFixed(2)} s` : ""}
                          </Link>
                        ) : (
                          `click #${o.clickId}`
                        )}
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
