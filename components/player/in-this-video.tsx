"use client";

import type { OverlayProduct } from "@/lib/player/schemas";
import { formatMs } from "@/lib/player/summary";
import { formatPrice } from "@/lib/catalogue/format";

/** "In this video": every product attached to a track, when it appears, its best frame, and jumps. */
export function InThisVideo({ videoId, products, onSeek }: { videoId: number; products: OverlayProduct[]; onSeek: (ms: number) => void }) {
  if (products.length === 0) {
    return <p className="text-sm text-slate-600">No products are linked to this video yet. You can still click objects in it.</p>;
  }
  return (
    <ul className="space-y-3" data-testid="in-this-video">
      {products.map((p) => (
        <li key={p.id} className="flex gap-3 rounded-md border border-slate-200 p-3" data-product-id={p.id}>
          {p.best ? (
            // eslint-disable-next-line @next/next/no-img-element -- a crop of the exact frame, served by our route
            <img src={`/api/videos/${videoId}/product-frame?product=${p.id}&w=160`} alt={`${p.name} in the video at ${formatMs(p.best.ptsMs)}`} width={80} height={80} loading="lazy" className="h-20 w-20 shrink-0 rounded bg-slate-900 object-contain" />
          ) : (
            <div className="h-20 w-20 shrink-0 rounded bg-slate-100" />
          )}
          <div className="min-w-0 space-y-1 text-sm">
            <a href={p.url} className="font-medium text-slate-900 hover:text-brand-600 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500">{p.name}</a>
            <p className="text-slate-600">{formatPrice(p.priceCents, p.currency)}{p.inStock ? "" : " · out of stock"}</p>
            <p className="flex flex-wrap gap-1 text-xs" aria-label={`${p.name} appears at`}>
              {p.ranges.map(([a, b]) => (
                <button key={`${a}-${b}`} type="button" onClick={() => onSeek(a)} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono hover:bg-brand-50 focus-visible:outline-2 focus-visible:outline-brand-500" aria-label={`Play from ${formatMs(a)} (${p.name} on screen until ${formatMs(b)})`}>
                  {formatMs(a)}–{formatMs(b)}
                </button>
              ))}
            </p>
            {p.best && (
              <button type="button" className="text-xs text-brand-600 underline focus-visible:outline-2 focus-visible:outline-brand-500" onClick={() => onSeek(p.best?.ptsMs ?? 0)} data-testid="jump">
                Jump to moment
              </button>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
