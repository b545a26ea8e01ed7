import Link from "next/link";
import { Funnel, money, StatCards } from "@/components/analytics/stats";
import { TopProducts } from "@/components/analytics/top-products";
import { overview } from "@/lib/analytics/service";

export const dynamic = "force-dynamic";
export const metadata = { title: "Analytics" };

export default async function AnalyticsPage() {
  const o = await overview();
  return (
    <div className="space-y-8">
      <div>
        <h1 className="page-title">Analytics</h1>
        <p className="mt-1 text-sm text-slate-600">Clicks in videos, what they matched, and what they sold. Orders count when paid.</p>
      </div>
      <StatCards totals={o.totals} conversionPct={o.conversionPct} />
      <section aria-labelledby="funnel-h" className="card space-y-3 p-6">
        <h2 id="funnel-h" className="text-lg font-semibold">Funnel across videos</h2>
        <Funnel steps={o.funnel} />
      </section>
      <section aria-labelledby="videos-h" className="card space-y-3 p-6">
        <h2 id="videos-h" className="text-lg font-semibold">Videos</h2>
        {o.videos.length === 0 ? (
          <p className="text-sm text-slate-600">No videos yet. Upload one under Videos.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="table" data-testid="video-table">
              <thead>
                <tr>
                  <th scope="col">Video</th>
                  <th scope="col" className="text-right">Clicks</th>
                  <th scope="col" className="text-right">Matched</th>
                  <th scope="col" className="text-right">Cart adds</th>
                  <th scope="col" className="text-right">Paid orders</th>
                  <th scope="col" className="text-right">Revenue</th>
                </tr>
              </thead>
              <tbody>
                {o.videos.map((v) => (
                  <tr key={v.videoId}>
                    <td>
                      <Link href={`/admin/analytics/videos/${v.videoId}`} className="text-brand-600 hover:underline">{v.title}</Link>
                    </td>
                    <td className="text-right tabular-nums">{v.clicks}</td>
                    <td className="text-right tabular-nums">{v.matchedClicks}</td>
                    <td className="text-right tabular-nums">{v.cartAdds}</td>
                    <td className="text-right tabular-nums">{v.paidOrders}</td>
                    <td className="text-right tabular-nums">{money(v.revenueCents, o.totals.currencies[0])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="top-h" className="card space-y-3 p-6">
        <h2 id="top-h" className="text-lg font-semibold">Top products across videos</h2>
        <TopProducts rows={o.topProducts} />
      </section>
    </div>
  );
}
