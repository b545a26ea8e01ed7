import { isInt4Id } from "@/lib/security/input-guard";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TimeHistogram } from "@/components/analytics/charts";
import { HeatMapWindow } from "@/components/analytics/heat-window";
import { Funnel, StatCards } from "@/components/analytics/stats";
import { TopProducts } from "@/components/analytics/top-products";
import { getVideo } from "@/lib/videos/service";
import { videoAnalytics } from "@/lib/analytics/service";

export const dynamic = "force-dynamic";
export const metadata = { title: "Video analytics" };

export default async function VideoAnalyticsPage({ params }: { params: Promise<{ id: string }> }) {
  const id = Number((await params).id);
  if (!isInt4Id(id) || !(await getVideo(id))) notFound();
  const a = await videoAnalytics(id);
  // The heat map's first window: around where clicks peaked (else the start).
  const peak = a.histogram.bins.reduce((best, b) => (b.n > best.n ? b : best), { fromS: 0, n: 0, matched: 0 });
  const peakS = peak.fromS + (peak.n > 0 ? a.histogram.binS / 2 : 0);
  return (
    <div className="space-y-8">
      <div>
        <p className="text-sm">
          <Link href="/admin/analytics" className="text-brand-600 hover:underline">← Analytics</Link>
          {" · "}
          <Link href={`/admin/videos/${id}`} className="text-brand-600 hover:underline">Video details</Link>
          {" · "}
          <Link href={`/videos/${id}`} className="text-brand-600 hover:underline">Shopper page</Link>
        </p>
        <h1 className="page-title mt-1">{a.video.title}</h1>
      </div>
      <StatCards totals={a.totals} conversionPct={a.conversionPct} />
      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="heat-h" className="card space-y-3 p-6">
          <h2 id="heat-h" className="text-lg font-semibold">Where viewers click</h2>
          {a.heatTimeline ? (
            <HeatMapWindow timeline={a.heatTimeline} videoId={id} width={a.video.width} height={a.video.height} title={a.video.title} peakS={peakS} />
          ) : (
            <p className="text-sm text-slate-600">The video has not been probed yet, so its picture size is unknown.</p>
          )}
        </section>
        <section aria-labelledby="time-h" className="card space-y-3 p-6">
          <h2 id="time-h" className="text-lg font-semibold">Clicks over video time</h2>
          <TimeHistogram h={a.histogram} />
          <h2 className="pt-4 text-lg font-semibold">Funnel</h2>
          <Funnel steps={a.funnel} />
        </section>
      </div>
      <section aria-labelledby="top-h" className="card space-y-3 p-6">
        <h2 id="top-h" className="text-lg font-semibold">Top products in this video</h2>
        <TopProducts rows={a.topProducts} />
      </section>
    </div>
  );
}
