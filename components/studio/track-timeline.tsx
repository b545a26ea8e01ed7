"use client";

import type { StudioBox, StudioTrack } from "./api";
import { labelColor } from "./colors";
import { GapMarks, trackGaps } from "./outside";

/**
 * One row per track like a labelling tool: the class colour, its span as a bar over the video's
 * time, keyframes as ticks, outside spans as hatched gaps, its product badge; a playhead at the current frame. Click a row to select
 * it, click the ruler to jump.
 */
export function TrackTimeline(props: {
  tracks: StudioTrack[];
  keyframes: Map<number, StudioBox[]>;
  durationMs: number;
  ptsMs: number;
  selectedId: number | null;
  offCanvas: ReadonlySet<number>;
  onToggleCanvas: (id: number) => void;
  onSelect: (id: number) => void;
  onSeekMs: (ms: number) => void;
}) {
  const pct = (ms: number) => `${(props.durationMs > 0 ? (ms / props.durationMs) * 100 : 0).toFixed(3)}%`;
  const head = pct(props.ptsMs);
  return (
    <div className="text-sm">
      <div className="grid grid-cols-[1.5rem_14rem_1fr] items-center gap-2">
        <span />
        <span className="text-xs text-slate-500">{props.tracks.length} tracks</span>
        <button
          type="button"
          aria-label="Jump to a time on the timeline"
          className="relative h-6 w-full rounded bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500"
          onClick={(e) => {
            const r = e.currentTarget.getBoundingClientRect();
            props.onSeekMs(((e.clientX - r.left) / r.width) * props.durationMs);
          }}
        >
          {[0, 0.25, 0.5, 0.75].map((f) => (
            <span key={f} className="absolute top-0.5 text-[10px] text-slate-500" style={{ left: `${f * 100}%` }}>
              {((f * props.durationMs) / 1000).toFixed(1)} s
            </span>
          ))}
          <span className="absolute inset-y-0 w-0.5 bg-red-600" style={{ left: head }} aria-hidden />
        </button>
      </div>
      <ul className="mt-1 max-h-96 space-y-0.5 overflow-y-auto" aria-label="Tracks">
        {props.tracks.length === 0 && <li className="py-4 text-slate-500">No tracks yet: run an analysis, or draw a box on a frame.</li>}
        {props.tracks.map((t) => {
          const c = labelColor(t.label);
          const sel = t.id === props.selectedId;
          const off = props.offCanvas.has(t.id);
          return (
            <li key={t.id} className="grid grid-cols-[1.5rem_1fr] items-center gap-2">
              <button
                type="button"
                className={`text-xs ${off ? "text-slate-300" : "text-slate-700"}`}
                aria-pressed={!off}
                aria-label={`Track ${t.id} on the canvas`}
                title={off ? "Off the canvas: click to draw it (H)" : "Drawn on the canvas: click to hide it there (H)"}
                onClick={() => props.onToggleCanvas(t.id)}
              >
                {off ? "◌" : "◉"}
              </button>
              <button
                type="button"
                data-track-id={t.id}
                aria-pressed={sel}
                onClick={() => props.onSelect(t.id)}
                className={`grid w-full grid-cols-[14rem_1fr] items-center gap-2 rounded px-1 py-0.5 text-left focus-visible:outline-2 focus-visible:outline-brand-500 ${sel ? "bg-brand-50 ring-1 ring-brand-500" : "hover:bg-slate-50"}`}
              >
                <span className="flex min-w-0 items-center gap-1.5">
                  <span className="h-3 w-3 shrink-0 rounded-sm" style={{ background: c }} aria-hidden />
                  <span className="font-medium">#{t.id}</span>
                  <span className="truncate">{t.label}</span>
                  {t.hidden && <span className="rounded bg-slate-200 px-1 text-[10px] text-slate-600" title="Not shown to shoppers">hidden</span>}
                  {t.source === "manual" && <span className="rounded bg-amber-100 px-1 text-[10px] text-amber-800">manual</span>}
                  {t.product ? (
                    <span className="truncate rounded bg-emerald-100 px-1 text-[10px] text-emerald-800" title={t.product.name}>
                      {t.product.sku}
                    </span>
                  ) : (
                    <span className="text-[10px] text-slate-400">no product</span>
                  )}
                </span>
                <span className="relative h-4 w-full rounded bg-slate-100">
                  <span className="absolute inset-y-0 rounded" style={{ left: pct(t.firstMs), width: `max(3px, calc(${pct(t.lastMs)} - ${pct(t.firstMs)}))`, background: c, opacity: 0.75 }} />
                  <GapMarks gaps={trackGaps(props.keyframes.get(t.id) ?? [], t.lastMs)} pct={pct} />
                  {(props.keyframes.get(t.id) ?? []).map((k) => (
                    <span key={k.frameIndex} className="absolute inset-y-0 w-0.5 bg-slate-900" style={{ left: pct(k.ptsMs) }} aria-hidden />
                  ))}
                  <span className="absolute -inset-y-0.5 w-0.5 bg-red-600" style={{ left: head }} aria-hidden />
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
