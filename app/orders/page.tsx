import Link from "next/link";
import { OrderStatusBadge } from "@/components/shop/order-status-badge";
import { listUserOrders } from "@/lib/shop/order-lists";
import { currentUser } from "@/lib/auth/identity";
import { formatPrice } from "@/lib/catalogue/format";

export const dynamic = "force-dynamic";
export const metadata = { title: "Your orders" };

export default async function OrdersPage() {
  const user = await currentUser();
  if (!user) {
    return (
      <div className="space-y-4">
        <h1 className="page-title">Your orders</h1>
        <p className="text-slate-700">Sign in to see your order history. Orders placed without an account are reachable through the link on their order page.</p>
        <Link href="/login?next=/orders" className="btn-primary">Sign in</Link>
      </div>
    );
  }
  const orders = await listUserOrders(user.id);
  return (
    <div className="space-y-6">
      <h1 className="page-title">Your orders</h1>
      {orders.length === 0 ? (
        <div className="card space-y-3 p-8 text-center">
          <p className="text-slate-700">You have not ordered anything yet.</p>
          <Link href="/products" className="btn-primary">Browse the shop</Link>
        </div>
      ) : (
        <div className="card overflow-x-auto p-2">
          <table className="table">
            <caption className="sr-only">Your orders, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Placed</th>
                <th scope="col">Status</th>
                <th scope="col" className="text-right">Total</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr key={o.id}>
                  <td>
                    <Link href={`/orders/${o.publicId}`} className="font-mono text-brand-600 underline-offset-2 hover:underline">{o.publicId.slice(0, 8)}</Link>
                  </td>
                  <td>{o.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC</td>
                  <td><OrderStatusBadge status={o.status} /></td>
                  <td className="text-right tabular-nums">{formatPrice(o.totalCents, o.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
