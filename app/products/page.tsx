import Link from "next/link";
import { Pagination } from "@/components/catalogue/pagination";
import { ProductCard } from "@/components/catalogue/product-card";
import { listProductClasses } from "@/lib/catalogue/service";
import { listQueryFrom } from "@/lib/catalogue/query";
import { toPublicProduct } from "@/lib/catalogue/schemas";
import { searchProducts } from "@/lib/catalogue/service";

export const dynamic = "force-dynamic";
export const metadata = { title: "Shop" };

export default async function ProductsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = listQueryFrom(await searchParams);
  const [result, classes] = await Promise.all([searchProducts(query, { activeOnly: true }), listProductClasses(true)]);
  const products = result.rows.map(toPublicProduct);
  // Keep a class from the URL selectable even when no product has it (yet).
  if (query.class && !classes.includes(query.class)) classes.push(query.class);
  const filtered = Boolean(query.q || query.class);
  return (
    <div className="space-y-6">
      <h1 className="page-title">Shop</h1>
      <form method="get" role="search" aria-label="Products" className="card flex flex-wrap items-end gap-3 p-4">
        <div className="min-w-48 grow">
          <label className="label" htmlFor="shop-q">Search</label>
          <input className="input" id="shop-q" name="q" type="search" defaultValue={query.q ?? ""} placeholder="Mug, jacket, SKU…" maxLength={100} />
        </div>
        <div>
          <label className="label" htmlFor="shop-class">Kind of object</label>
          <select className="input" id="shop-class" name="class" defaultValue={query.class ?? ""}>
            <option value="">All</option>
            {classes.map((c) => (
              <option key={c} value={c}>{c}</option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn-primary">Show products</button>
        {filtered && <Link href="/products" className="btn-secondary">Clear</Link>}
      </form>

      <p className="text-sm text-slate-600" aria-live="polite">
        {result.total} product{result.total === 1 ? "" : "s"}
        {query.q ? ` matching “${query.q}”` : ""}
        {query.class ? ` in ${query.class}` : ""}
      </p>

      {products.length === 0 ? (
        <div className="card p-10 text-center">
          <h2 className="font-semibold">{filtered ? "No products match" : "No products yet"}</h2>
          <p className="mt-1 text-sm text-slate-600">
            {filtered ? "Try another search or show all kinds of objects." : "The catalogue is empty. Check back soon."}
          </p>
          {filtered && <Link href="/products" className="btn-secondary mt-4">Show all products</Link>}
        </div>
      ) : (
        <ul className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4">
          {products.map((p) => (
            <li key={p.id} className="flex">
              <ProductCard product={p} />
            </li>
          ))}
        </ul>
      )}
      <Pagination basePath="/products" params={{ q: query.q, class: query.class }} page={result.page} pageCount={result.pageCount} />
    </div>
  );
}
