import Link from "next/link";
import { ImportForm } from "@/components/catalogue/import-form";
import { Pagination } from "@/components/catalogue/pagination";
import { formatPrice } from "@/lib/catalogue/format";
import { listQueryFrom } from "@/lib/catalogue/query";
import { searchProducts } from "@/lib/catalogue/service";

export const dynamic = "force-dynamic";
export const metadata = { title: "Catalogue" };

export default async function AdminProductsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = listQueryFrom(await searchParams);
  const result = await searchProducts(query, { activeOnly: false, pageSize: 50 });
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="page-title">Catalogue</h1>
        <Link href="/admin/products/new" className="btn-primary">New product</Link>
      </div>

      <section aria-labelledby="products-h" className="card space-y-4 p-6">
        <h2 id="products-h" className="sr-only">Products</h2>
        <form method="get" role="search" className="flex flex-wrap items-end gap-2">
          <div className="grow">
            <label className="label" htmlFor="admin-q">Search name, description or SKU</label>
            <input className="input" id="admin-q" name="q" type="search" defaultValue={query.q ?? ""} maxLength={100} />
          </div>
          <button type="submit" className="btn-secondary">Search</button>
          {query.q && <Link href="/admin/products" className="btn-secondary">Clear</Link>}
        </form>
        <p className="text-sm text-slate-600" aria-live="polite">
          {result.total} product{result.total === 1 ? "" : "s"}{query.q ? ` matching “${query.q}”` : ""}
        </p>
        {result.rows.length === 0 ? (
          <p className="py-6 text-center text-sm text-slate-500">
            {query.q ? "No products match this search." : "No products yet. Create one or import a file below."}
          </p>
        ) : (
          <div className="overflow-x-auto">
            <table className="table">
              <caption className="sr-only">Products; select a name to edit it</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">SKU</th>
                  <th scope="col">Class</th>
                  <th scope="col" className="text-right">Price</th>
                  <th scope="col" className="text-right">Stock</th>
                  <th scope="col">Picture</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {result.rows.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <Link href={`/admin/products/${p.id}`} className="font-medium text-brand-600 underline-offset-2 hover:underline">
                        {p.name}
                      </Link>
                    </td>
                    <td className="font-mono text-xs">{p.sku}</td>
                    <td>{p.itemName ?? <span className="text-slate-400">—</span>}</td>
                    <td className="text-right tabular-nums">{formatPrice(p.priceCents, p.currency)}</td>
                    <td className="text-right tabular-nums">{p.stock}</td>
                    <td>{p.imageKey ? "Yes" : <span className="text-slate-500">No</span>}</td>
                    <td>{p.active ? "Active" : <span className="text-slate-500">Inactive</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination basePath="/admin/products" params={{ q: query.q }} page={result.page} pageCount={result.pageCount} />
      </section>

      <section aria-labelledby="import-h" className="card space-y-3 p-6">
        <h2 id="import-h" className="text-lg font-semibold">Import products</h2>
        <ImportForm />
      </section>
    </div>
  );
}
