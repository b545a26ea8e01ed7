import Link from "next/link";
import type { OrderItem } from "@/db/schema";
import { formatPrice } from "@/lib/catalogue/format";

export function OrderItemsTable({ items, currency, totalCents }: { items: OrderItem[]; currency: string; totalCents: number }) {
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
            <td className="text-right tabular-nums">{i.quantity}</td>
            <td className="text-right tabular-nums">{formatPrice(i.unitPriceCents * i.quantity, currency)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={3} className="text-right">Total</th>
          <td className="text-right font-semibold tabular-nums">{formatPrice(totalCents, currency)}</td>
        </tr>
      </tfoot>
    </table>
  );
}
