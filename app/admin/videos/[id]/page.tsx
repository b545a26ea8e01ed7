import { isInt4Id } from "@/lib/security/input-guard";
import Link from "next/link";
import { notFound } from "next/navigation";
import { listRunsForVideo } from "@/lib/analysis/service";
import { ClickHighlight } from "@/components/videos/click-highlight";
import { FactList, type Fact } from "@/components/ui/fact-list";
import { DeleteVideoButton } from "@/components/videos/delete-video-button";
import { formatBytes, formatDuration } from "@/components/videos/format";
import { FrameInspector } from "@/components/videos/frame-inspector";
import { PublishControls } from "@/components/videos/publish-controls";
import { RunList } from "@/components/videos/run-list";
import { StatusBadge } from "@/components/videos/status-badge";
import { inspectClick } from "@/lib/clicks/inspect";
import { toAdminVideo, toRun } from "@/lib/videos/dto";
import { getVideo, timelineStats, videoTimeline } from "@/lib/videos/service";

export const dynamic = "force-dynamic";
export const metadata = { title: "Video" };

const fmt = (n: number | null | undefined, digits = 2) => (n === null || n === undefined ? "—" : n.toFixed(digits));

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AdminVideoPage({ params, searchParams }: Props) {
  const id = Number((await params).id);
  const row = isInt4Id(id) ? await getVideo(id) : undefined;
  if (!row) notFound();
  const video = toAdminVideo(row);
  // ?click=<id> (links from orders and analytics): that click over the frame it was matched on.
  const clickParam = (await searchParams).click;
  const clickId = typeof clickParam === "string" && /^\d{1,15}$/.test(clickParam) ? Number(clickParam) : null;
  const [runs, timeline, click] = await Promise.all([listRunsForVideo(row.id), videoTimeline(row), clickId !== null ? inspectClick(row, clickId) : null]);
  const stats = timeline ? timelineStats(timeline) : null;
  const actionsRun = runs.find((r) => r.kind === "actions" && r.status === "succeeded" && r.resultKey);

  const facts: Fact[] = [
    ["Id", <span key="id" className="font-mono">{video.youtubeId}</span>],
    ["Source", video.sourceUrl ? <a key="src" href={video.sourceUrl} className="text-brand-600 underline" rel="noreferrer" target="_blank">{video.sourceUrl}</a> : "uploaded file only"],
    ["Playlist", video.listId ? `${video.listId}${video.listIndex ? `, item ${video.listIndex}` : ""}` : "—"],
    ["File", `${video.originalName ?? "—"} · ${formatBytes(video.sizeBytes)}`],
    ["Picture", video.width ? `${video.width}×${video.height} · ${video.codec ?? "?"}` : "—"],
    ["Duration", formatDuration(video.durationMs)],
    ["Uploaded", new Date(video.createdAt).toLocaleString()],
  ];

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <p className="text-sm"><Link href="/admin/videos" className="text-brand-600 hover:underline">← Videos</Link></p>
          <p className="text-sm"><Link href={`/admin/analytics/videos/${video.id}`} className="text-brand-600 hover:underline">Click and sales analytics</Link></p>
          <h1 className="page-title mt-1">{video.title}</h1>
          <p className="mt-2 flex items-center gap-2 text-sm">
            <StatusBadge status={video.status} />
            {video.error && <span className="text-red-700">{video.error}</span>}
          </p>
          <div className="mt-3">
            <PublishControls videoId={video.id} published={video.publishedAt !== null} classSuggestions={video.classSuggestions} />
          </div>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Link href={`/admin/videos/${video.id}/studio`} className="btn-primary">Open studio</Link>
          {actionsRun && <Link href={`/admin/videos/${video.id}/actions?run=${actionsRun.id}`} className="btn-secondary">People and actions</Link>}
          <DeleteVideoButton videoId={video.id} title={video.title} />
        </div>
      </div>

      {click && "found" in click && <ClickHighlight data={click.found} videoId={video.id} />}
      {click && !("found" in click) && (
        <p className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" role="status">
          {"missing" in click ? (
            `Click #${clickId} does not exist (anonymous clicks are deleted after the retention period).`
          ) : click.otherVideoId !== null ? (
            <>
              Click #{clickId} was on another video: <Link href={`/admin/videos/${click.otherVideoId}?click=${clickId}`} className="font-medium underline">open it there</Link>.
            </>
          ) : (
            `Click #${clickId} was on a video that is not in the library.`
          )}
        </p>
      )}

      <div className="grid gap-6 lg:grid-cols-3">
        <section aria-labelledby="meta-h" className="card space-y-3 p-6 lg:col-span-2">
          <h2 id="meta-h" className="text-lg font-semibold">Details</h2>
          <FactList facts={facts} />
        </section>
        <section aria-labelledby="thumb-h" className="card space-y-3 p-6">
          <h2 id="thumb-h" className="text-lg font-semibold">Thumbnail</h2>
          {video.thumbnailUrl ? (
            // eslint-disable-next-line @next/next/no-img-element -- served by our own route
            <img src={video.thumbnailUrl} alt={`Thumbnail of ${video.title}`} className="w-full rounded border border-slate-200" />
          ) : (
            <p className="text-sm text-slate-500">Made once the timeline has been read.</p>
          )}
        </section>
      </div>

      <section aria-labelledby="timeline-h" className="card space-y-3 p-6">
        <h2 id="timeline-h" className="text-lg font-semibold">Exact timeline</h2>
        {stats ? (
          <dl className="grid gap-4 text-sm sm:grid-cols-3 lg:grid-cols-6">
            <Stat label="Frames" value={stats.frameCount.toLocaleString()} />
            <Stat label="Variable frame rate" value={stats.isVfr ? "yes" : "no"} />
            <Stat label="Average fps" value={fmt(stats.avgFps, 3)} />
            <Stat label="fps range" value={stats.minFps !== null ? `${fmt(stats.minFps, 2)} – ${fmt(stats.maxFps, 2)}` : "—"} />
            <Stat label="Frame durations" value={stats.minFrameMs !== null ? `${fmt(stats.minFrameMs)} – ${fmt(stats.maxFrameMs)} ms` : "—"} />
            <Stat label="First to last frame" value={formatDuration(stats.spanMs)} />
          </dl>
        ) : (
          <p className="text-sm text-slate-500">Not read yet: it appears here when the probe run below succeeds.</p>
        )}
      </section>

      <section aria-labelledby="runs-h" className="card space-y-3 p-6">
        <h2 id="runs-h" className="text-lg font-semibold">Runs</h2>
        <RunList videoId={video.id} initialRuns={runs.map(toRun)} videoStatus={video.status} />
      </section>

      <section aria-labelledby="frame-h" className="card space-y-3 p-6">
        <h2 id="frame-h" className="text-lg font-semibold">Exact frame</h2>
        <FrameInspector videoId={video.id} />
      </section>
    </div>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="mt-0.5 font-medium tabular-nums">{value}</dd>
    </div>
  );
}
