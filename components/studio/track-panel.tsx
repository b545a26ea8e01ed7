"use client";

import { useState } from "react";
import { LabelInput } from "@/components/labels/label-input";
import { searchProducts, type ProductHit, type StudioTrack } from "./api";

type Run = (what: string | ((out: Record<string, unknown>) => string), url: string, init?: { method?: string; json?: unknown }) => Promise<unknown>;

/** What an admin does to the selected track: product, class, split, merge, keyframe, follow, delete. */
export function TrackPanel(props: { track: StudioTrack; tracks: StudioTrack[]; frameIndex: number; hasBoxHere: boolean; busy: boolean; run: Run; onDeleted: () => void }) {
  const { track: t, run, busy } = props;
  const [q, setQ] = useState("");
  const [hits, setHits] = useState<ProductHit[] | null>(null);
  const [searchError, setSearchError] = useState<string | null>(null);
  const [mergeId, setMergeId] = useState("");
  const [frames, setFrames] = useState("30");
  const [classDraft, setClassDraft] = useState<string | null>(null);
  const others = props.tracks.filter((o) => o.id !== t.id);

  async function search(e: React.FormEvent) {
    e.preventDefault();
    setSearchError(null);
    try {
      setHits((await searchProducts(q.trim())).products);
    } catch (err) {
      setSearchError((err as Error).message);
    }
  }

  return (
    <div className="space-y-4 text-sm" aria-label={`Track ${t.id}`}>
      <div>
        <h3 className="text-base font-semibold">
          Track #{t.id} · {t.label}
        </h3>
        <p className="text-xs text-slate-500">
          {t.source} · frames {t.firstFrame ?? "—"}–{t.lastFrame ?? "—"} · {t.boxCount} boxes, {t.keyframes} keyframes{t.editedAt ? ` · edited ${new Date(t.editedAt).toLocaleString()}` : ""}
        </p>
      </div>

      <section aria-label="Visibility" className="flex flex-wrap items-center gap-2">
        <span>{t.hidden ? (t.product ? "Unconfirmed, shown because it has a product" : "Unconfirmed: hidden from shoppers") : "Shown to shoppers"}</span>
        <button type="button" className="btn-secondary px-2 py-1" disabled={busy} onClick={() => void run(t.hidden ? `Track #${t.id} shown` : `Track #${t.id} hidden`, `/api/admin/tracks/${t.id}/visibility`, { method: "PUT", json: { hidden: !t.hidden } })}>
          {t.hidden ? "Show to shoppers" : "Hide"}
        </button>
      </section>

      <section aria-label="Product" className="space-y-2">
        <p>
          Product: {t.product ? <strong>{t.product.name}</strong> : <span className="text-slate-500">none</span>}{" "}
          {t.product && <span className="font-mono text-xs text-slate-500">{t.product.sku}</span>}
        </p>
        <form onSubmit={search} className="flex gap-2">
          <label className="sr-only" htmlFor="product-q">Search the catalogue</label>
          <input id="product-q" className="input" placeholder="Name or SKU (empty: all)" value={q} onChange={(e) => setQ(e.target.value)} />
          <button className="btn-secondary" type="submit">Search</button>
        </form>
        {searchError && <p className="text-red-700" role="alert">{searchError}</p>}
        {hits && hits.length === 0 && <p className="text-slate-500">No product matches.</p>}
        {hits && hits.length > 0 && (
          <ul className="max-h-40 space-y-1 overflow-y-auto" aria-label="Products found">
            {hits.map((p) => (
              <li key={p.id} className="flex items-center justify-between gap-2">
                <span className="truncate">
                  {p.name} <span className="font-mono text-xs text-slate-500">{p.sku}</span>
                  {!p.active && <span className="text-xs text-slate-500"> (inactive)</span>}
                </span>
                <button type="button" className="btn-secondary px-2 py-1" disabled={busy} onClick={() => void run(`Attached ${p.name}`, `/api/admin/tracks/${t.id}/product`, { method: "PUT", json: { productId: p.id } })}>
                  {t.product ? "Use" : "Attach"}
                </button>
              </li>
            ))}
          </ul>
        )}
        {t.product && (
          <button type="button" className="btn-secondary" disabled={busy} onClick={() => void run("Product removed", `/api/admin/tracks/${t.id}/product`, { method: "DELETE" })}>
            Remove product
          </button>
        )}
      </section>

      <section aria-label="Class" className="flex items-end gap-2">
        <div className="flex-1">
          <label className="label" htmlFor="track-class">Class</label>
          <LabelInput
            id="track-class"
            value={classDraft ?? t.label}
            disabled={busy}
            onChange={(v, commit) => {
              setClassDraft(v);
              if (commit && v.trim() && v.trim().toLowerCase() !== t.label) void run(`Class changed to ${v.trim()}`, `/api/admin/tracks/${t.id}`, { method: "PATCH", json: { label: v } }).finally(() => setClassDraft(null));
            }}
          />
        </div>
      </section>

      <section aria-label="Edit" className="flex flex-wrap gap-2">
        <button type="button" className="btn-secondary" disabled={busy} onClick={() => void run(`Split at frame ${props.frameIndex}`, `/api/admin/tracks/${t.id}/split`, { method: "POST", json: { frameIndex: props.frameIndex } })}>
          Split at frame {props.frameIndex}
        </button>
        {props.hasBoxHere && (
          <button type="button" className="btn-secondary" disabled={busy} onClick={() => void run(`Box on frame ${props.frameIndex} removed`, `/api/admin/tracks/${t.id}/keyframes?frameIndex=${props.frameIndex}`, { method: "DELETE" })}>
            Remove box on this frame
          </button>
        )}
      </section>

      <section aria-label="Follow" className="flex items-end gap-2">
        <div>
          <label className="label" htmlFor="follow-n">Follow forward (frames)</label>
          <input id="follow-n" className="input w-24" type="number" min={1} max={600} value={frames} onChange={(e) => setFrames(e.target.value)} />
        </div>
        <button type="button" className="btn-secondary" disabled={busy} onClick={() => void run((out) => String(out.message ?? "Followed"), `/api/admin/tracks/${t.id}/follow`, { method: "POST", json: { frames: Number(frames) } })}>
          Follow from last box
        </button>
      </section>

      <section aria-label="Merge" className="flex items-end gap-2">
        <div className="flex-1">
          <label className="label" htmlFor="merge-with">Merge into this track</label>
          <select id="merge-with" className="input" value={mergeId} onChange={(e) => setMergeId(e.target.value)}>
            <option value="">Choose a track…</option>
            {others.map((o) => (
              <option key={o.id} value={o.id}>
                #{o.id} {o.label} (frames {o.firstFrame}–{o.lastFrame})
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="btn-secondary" disabled={busy || !mergeId} onClick={() => void run(`Merged #${mergeId}`, "/api/admin/tracks/merge", { method: "POST", json: { keepId: t.id, mergeId: Number(mergeId) } }).then(() => setMergeId(""))}>
          Merge
        </button>
      </section>

      <button
        type="button"
        className="btn-danger"
        disabled={busy}
        onClick={() => {
          if (window.confirm(`Delete track #${t.id} (${t.label})? Its boxes and product link go with it.`)) void run(`Track #${t.id} deleted`, `/api/admin/tracks/${t.id}`, { method: "DELETE" }).then(props.onDeleted);
        }}
      >
        Delete track
      </button>
    </div>
  );
}
