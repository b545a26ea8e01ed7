"use client";

import { useEffect, useRef, useState } from "react";
import { callApi } from "@/lib/api/client";
import type { ClickAnswerProduct } from "@/lib/clicks/schemas";
import { productHeadline } from "@/lib/clicks/wording";
import { formatPrice } from "@/lib/catalogue/format";

export type CardState =
  | { kind: "loading" }
  | { kind: "product"; product: ClickAnswerProduct; clickId: number; label: string | null }
  | { kind: "nothing"; message: string }
  | { kind: "error"; message: string };

/** What a click on the picture found: the product card, a quiet "nothing here", or an error in words. */
export function ProductCard({ state, youtubeId, onClose }: { state: CardState; youtubeId: string; onClose: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [added, setAdded] = useState<{ ok: boolean; message: string } | null>(null);
  useEffect(() => {
    if (state.kind === "product") heading.current?.focus();
  }, [state]);

  if (state.kind === "loading") return <p role="status" className="text-sm text-slate-500">Looking at that frame…</p>;
  if (state.kind === "nothing" || state.kind === "error") {
    return (
      <div role="status" className={`flex items-start justify-between gap-3 rounded-md border px-3 py-2 text-sm ${state.kind === "error" ? "border-red-200 bg-red-50 text-red-800" : "border-slate-200 bg-slate-50 text-slate-600"}`} data-testid="click-hint">
        <span>{state.message}</span>
        <button type="button" onClick={onClose} className="text-xs underline focus-visible:outline-2 focus-visible:outline-brand-500">Dismiss</button>
      </div>
    );
  }
  const p = state.product;
  // Added in place: the video keeps its time and state; the toast links to the cart.
  const addToCart = async () => {
    const r = await callApi("/api/cart/items", { method: "POST", json: { productId: p.id, quantity: 1, videoId: youtubeId, clickId: state.clickId } });
    setAdded(r.ok ? { ok: true, message: `${p.name} is in your cart.` } : { ok: false, message: r.message });
  };
  return (
    <section aria-labelledby="card-h" className="card flex gap-4 p-4" data-testid="product-card" data-product-id={p.id} data-click-id={state.clickId}>
      {p.imageUrl ? (
        // eslint-disable-next-line @next/next/no-img-element -- our own product image route
        <img src={p.imageUrl} alt={p.name} className="h-24 w-24 shrink-0 rounded-md bg-slate-100 object-contain" />
      ) : (
        <div className="flex h-24 w-24 shrink-0 items-center justify-center rounded-md bg-slate-100 text-xs text-slate-500">No picture</div>
      )}
      <div className="min-w-0 grow space-y-2">
        <div className="flex items-start justify-between gap-2">
          <div>
            {state.label && (
              <p className="text-xs uppercase tracking-wide text-slate-500" data-testid="card-source" data-source={p.source}>
                {productHeadline(state.label, p.source)}
              </p>
            )}
            <h2 id="card-h" ref={heading} tabIndex={-1} className="font-semibold focus:outline-none">{p.name}</h2>
            <p className="text-lg font-semibold">{formatPrice(p.priceCents, p.currency)}</p>
            {!p.inStock && <p className="text-xs text-red-700">Out of stock</p>}
          </div>
          <button type="button" onClick={onClose} aria-label="Close product card" className="rounded px-2 text-slate-500 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-500">✕</button>
        </div>
        <div className="flex flex-wrap gap-2">
          <a href={p.url} className="btn-secondary focus-visible:outline-2 focus-visible:outline-brand-500">View</a>
          {p.inStock && (
            <button type="button" onClick={() => void addToCart()} className="btn-primary focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500">
              Add to cart
            </button>
          )}
        </div>
        {added && (
          <p role="status" data-testid="cart-toast" className={`text-sm ${added.ok ? "text-emerald-700" : "text-red-700"}`}>
            {added.message} {added.ok && <a href="/cart" className="underline">View cart</a>}
          </p>
        )}
      </div>
    </section>
  );
}
