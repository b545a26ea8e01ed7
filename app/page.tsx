import Link from "next/link";
import { listVideos } from "@/lib/videos/service";
import { toPublicVideo } from "@/lib/videos/dto";

export const dynamic = "force-dynamic";

function duration(ms: number | null): string {
  if (ms === null) return "";
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export default async function Home() {
  const videos = (await listVideos({ status: "ready", limit: 24 })).map(toPublicVideo);
  return (
    <div className="space-y-8">
      <section className="card p-8">
        <h1 className="text-3xl font-bold tracking-tight">Click anything in a video. Buy it.</h1>
        <p className="mt-2 max-w-2xl text-slate-600">
          Framecart knows which object is on screen at every frame of a video. Click the jacket, the mug or the dog bed with the
          Framecart extension and get the product.
        </p>
        <div className="mt-6 flex flex-wrap gap-3">
          <Link href="/products" className="btn-primary">Browse the shop</Link>
          <Link href="/docs" className="btn-secondary">Extension and API</Link>
        </div>
      </section>
      <section aria-labelledby="videos-h">
        <h2 id="videos-h" className="mb-4 text-xl font-semibold">Videos</h2>
        {videos.length === 0 ? (
          <p className="card p-6 text-sm text-slate-600">No videos yet. Admins upload them under Admin → Videos.</p>
        ) : (
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {videos.map((v) => (
              <li key={v.id} className="card overflow-hidden focus-within:ring-2 focus-within:ring-brand-500">
                <Link href={`/videos/${v.id}`} className="block focus:outline-none" aria-label={`Watch and shop: ${v.title}`}>
                {v.thumbnailUrl ? (
                  // eslint-disable-next-line @next/next/no-img-element -- served by our own frame route
                  <img src={v.thumbnailUrl} alt={`First frame of ${v.title}`} className="aspect-video w-full bg-slate-900 object-contain" />
                ) : (
                  <div className="flex aspect-video items-center justify-center bg-slate-100 text-sm text-slate-500">No preview</div>
                )}
                <div className="p-4">
                  <p className="font-medium text-slate-900 hover:text-brand-600">{v.title}</p>
                  <p className="text-xs text-slate-500">
                    {duration(v.durationMs)} · {v.width}×{v.height}
                    {v.isVfr ? " · variable frame rate" : ""}
                  </p>
                </div>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
