import Link from "next/link";
import type { OrderItem } from "@/db/schema";
import { formatPrice } from "@/lib/catalogue/format";

type Totals = { subtotalCents: number; shippingCents: number; taxCents: number; refundedCents: number; shippingRate: string | null };

/** The order's lines and totals; with `totals` (once shipping and tax are known) subtotal, shipping, tax and refunds too. */
export function OrderItemsTable({ items, currency, totalCents, totals }: { items: OrderItem[]; currency: string; totalCents: number; totals?: Totals }) {
  const money = (c: number) => formatPrice(c, currency);
  const rows: [string, string][] = totals
    ? [
        ["Subtotal", money(totals.subtotalCents)],
        [`Shipping${totals.shippingRate ? ` (${totals.shippingRate})` : ""}`, money(totals.shippingCents)],
        ["Tax", money(totals.taxCents)],
      ]
    : [];
  return (
    <table className="table">
      <caption className="sr-only">Items in this order</caption>
      <thead>
        <tr>
          <th scope="col">Product</th>
          <th scope="col" className="text-right">Price</th>
          <th scope="col" className="text-right">Quantity</th>
          <th scope="col" className="text-right">Subtotal</th>
        </tr>
      </thead>
      <tbody>
        {items.map((i) => (
          <tr key={i.productId}>
            <td>
              <Link href={`/products/${i.productId}`} className="text-brand-600 underline-offset-2 hover:underline">{i.name}</Link>
            </td>
            <td className="text-right tabular-nums">{formatPrice(i.unitPriceCents, currency)}</td>
            <td className="text-right tabular-nums">
              {i.quantity}
              {i.refundedQuantity > 0 && <div className="text-xs text-slate-500">{i.refundedQuantity} refunded</div>}
            </td>
            <td className="text-right tabular-nums">{formatPrice(i.unitPriceCents * i.quantity, currency)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th scope="row" colSpan={3} className="text-right font-normal">{k}</th>
            <td className="text-right tabular-nums">{v}</td>
          </tr>
        ))}
        <tr>
          <th scope="row" colSpan={3} className="text-right">Total</th>
          <td className="text-right font-semibold tabular-nums" data-testid="order-total">{money(totalCents)}</td>
        </tr>
        {totals && totals.refundedCents > 0 && (
          <tr>
            <th scope="row" colSpan={3} className="text-right font-normal">Refunded</th>
            <td className="text-right tabular-nums" data-testid="order-refunded">−{money(totals.refundedCents)}</td>
          </tr>
        )}
      </tfoot>
    </table>
  );
}
