import Link from "next/link";
import { listVideos } from "@/lib/videos/service";
import { formatBytes, formatDuration } from "@/components/videos/format";
import { StatusBadge } from "@/components/videos/status-badge";
import { UploadForm } from "@/components/videos/upload-form";
import { env } from "@/lib/env";
import { toAdminVideo } from "@/lib/videos/dto";

export const dynamic = "force-dynamic";
export const metadata = { title: "Videos" };

export default async function AdminVideosPage() {
  const videos = (await listVideos({ limit: 200 })).map(toAdminVideo);
  return (
    <div className="space-y-8">
      <h1 className="page-title">Videos</h1>

      <section aria-labelledby="upload-h" className="card space-y-4 p-6">
        <h2 id="upload-h" className="text-lg font-semibold">Upload a video</h2>
        <UploadForm maxMb={env().MAX_UPLOAD_MB} />
      </section>

      <section aria-labelledby="videos-h" className="card space-y-4 p-6">
        <h2 id="videos-h" className="text-lg font-semibold">All videos</h2>
        {videos.length === 0 ? (
          <p className="py-6 text-center text-sm text-slate-500">No videos yet. Upload one above.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="table">
              <caption className="sr-only">Uploaded videos; select a title to see its details</caption>
              <thead>
                <tr>
                  <th scope="col"><span className="sr-only">Thumbnail</span></th>
                  <th scope="col">Title</th>
                  <th scope="col">Id</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="text-right">Duration</th>
                  <th scope="col" className="text-right">Frames</th>
                  <th scope="col" className="text-right">Size</th>
                </tr>
              </thead>
              <tbody>
                {videos.map((v) => (
                  <tr key={v.id}>
                    <td className="w-24">
                      {v.thumbnailUrl ? (
                        // eslint-disable-next-line @next/next/no-img-element -- served by our own route, already sized
                        <img src={v.thumbnailUrl} alt="" width={96} height={54} className="h-14 w-24 rounded object-cover" />
                      ) : (
                        <div className="h-14 w-24 rounded bg-slate-100" aria-hidden="true" />
                      )}
                    </td>
                    <td>
                      <Link href={`/admin/videos/${v.id}`} className="font-medium text-brand-600 underline-offset-2 hover:underline">
                        {v.title}
                      </Link>
                      {v.error && <div className="mt-1 max-w-xs text-xs text-red-700">{v.error}</div>}
                    </td>
                    <td className="font-mono text-xs">{v.youtubeId}</td>
                    <td><StatusBadge status={v.status} /></td>
                    <td className="text-right tabular-nums">{formatDuration(v.durationMs)}</td>
                    <td className="text-right tabular-nums">{v.frameCount?.toLocaleString() ?? "—"}{v.isVfr ? " (VFR)" : ""}</td>
                    <td className="text-right tabular-nums">{formatBytes(v.sizeBytes)}</td>
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
