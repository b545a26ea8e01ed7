import Link from "next/link";
import { formatMs } from "@/lib/player/summary";

export type SeenIn = { videoId: number; title: string; firstMs: number; lastMs: number };

/** Product page: the videos a shopper can watch it in, each with a crop of its best frame and a jump to its first moment. */
export function SeenInVideos({ productId, productName, videos }: { productId: number; productName: string; videos: SeenIn[] }) {
  if (videos.length === 0) return null;
  return (
    <section aria-labelledby="seen-in-h" className="space-y-3">
      <h2 id="seen-in-h" className="text-xl font-semibold">Seen in {videos.length === 1 ? "this video" : "these videos"}</h2>
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {videos.map((v) => (
          <li key={v.videoId} className="card flex gap-3 p-3">
            {/* eslint-disable-next-line @next/next/no-img-element -- a crop served by our own frame route */}
            <img src={`/api/videos/${v.videoId}/product-frame?product=${productId}&w=160`} alt={`${productName} in ${v.title}`} width={96} height={96} className="h-24 w-24 shrink-0 rounded bg-slate-100 object-cover" />
            <div className="min-w-0 space-y-1">
              <p className="truncate font-medium">{v.title}</p>
              <p className="font-mono text-xs text-slate-600">
                {formatMs(v.firstMs)}–{formatMs(v.lastMs)}
              </p>
              <Link href={`/videos/${v.videoId}?t=${Math.round(v.firstMs)}`} className="text-sm text-brand-600 underline">
                Watch from {formatMs(v.firstMs)}
              </Link>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
