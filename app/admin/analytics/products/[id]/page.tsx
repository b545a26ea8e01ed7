import { isInt4Id } from "@/lib/security/input-guard";
import Link from "next/link";
import { notFound } from "next/navigation";
import { money } from "@/components/analytics/stats";
import { getProduct } from "@/lib/catalogue/service";
import { productAnalytics } from "@/lib/analytics/service";

export const dynamic = "force-dynamic";
export const metadata = { title: "Product analytics" };

export default async function ProductAnalyticsPage({ params }: { params: Promise<{ id: string }> }) {
  const id = Number((await params).id);
  if (!isInt4Id(id) || !(await getProduct(id))) notFound();
  const { product, videos } = await productAnalytics(id);
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href="/admin/analytics" className="text-brand-600 hover:underline">← Analytics</Link>
        {" · "}
        <Link href={`/admin/products/${id}`} className="text-brand-600 hover:underline">Edit product</Link>
      </p>
      <h1 className="page-title">Which videos sell {product.name}</h1>
      <section className="card p-6">
        {videos.length === 0 ? (
          <p className="text-sm text-slate-600">No video shows this product yet: attach it to a track on a video page.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="table" data-testid="product-videos">
              <thead>
                <tr>
                  <th scope="col">Video</th>
                  <th scope="col" className="text-right">Tracks</th>
                  <th scope="col" className="text-right">Clicks</th>
                  <th scope="col" className="text-right">Cart adds</th>
                  <th scope="col" className="text-right">Units sold</th>
                  <th scope="col" className="text-right">Revenue</th>
                </tr>
              </thead>
              <tbody>
                {videos.map((v) => (
                  <tr key={v.videoId}>
                    <td>
                      <Link href={`/admin/analytics/videos/${v.videoId}`} className="text-brand-600 hover:underline">{v.title}</Link>
                      {v.status !== "ready" && <span className="ml-2 text-xs text-slate-500">({v.status})</span>}
                    </td>
                    <td className="text-right tabular-nums">{v.tracks}</td>
                    <td className="text-right tabular-nums">{v.clicks}</td>
                    <td className="text-right tabular-nums">{v.cartAdds}</td>
                    <td className="text-right tabular-nums">{v.unitsSold}</td>
                    <td className="text-right tabular-nums">{money(v.revenueCents, product.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
