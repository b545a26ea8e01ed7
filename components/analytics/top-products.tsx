import Link from "next/link";
import { money } from "./stats";

type Row = { productId: number; name: string; currency: string; clicks: number; cartAdds: number; unitsSold: number; revenueCents: number };

export function TopProducts({ rows }: { rows: Row[] }) {
  if (rows.length === 0) return <p className="text-sm text-slate-600">No product has been clicked, added to a cart or sold from a video yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="table" data-testid="top-products">
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col" className="text-right">Clicks</th>
            <th scope="col" className="text-right">Cart adds</th>
            <th scope="col" className="text-right">Units sold</th>
            <th scope="col" className="text-right">Revenue</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.productId}>
              <td>
                <Link href={`/admin/analytics/products/${r.productId}`} className="text-brand-600 hover:underline">{r.name}</Link>
              </td>
              <td className="text-right tabular-nums">{r.clicks}</td>
              <td className="text-right tabular-nums">{r.cartAdds}</td>
              <td className="text-right tabular-nums">{r.unitsSold}</td>
              <td className="text-right tabular-nums">{money(r.revenueCents, r.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
