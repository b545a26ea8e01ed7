"use client";

import type { ActionsDocument } from "@/lib/people/schema";
import { labelColor } from "@/components/studio/colors";

type Track = ActionsDocument["tracks"][number];

/** The span of the person's track covering `ms`, if any. */
export function actionAt(t: Track, ms: number): Track["spans"][number] | null {
  return t.spans.find((s) => ms >= s.startMs - 1e-6 && ms <= s.endMs + 1e-6) ?? null;
}

/** One row per person: their actions as coloured spans over the video's time; a click seeks there. */
export function ActionTimeline(props: { tracks: Track[]; spanMs: number; nowMs: number; onSeek: (ms: number) => void }) {
  const pct = (ms: number) => `${Math.max(0, Math.min(100, (ms / props.spanMs) * 100)).toFixed(3)}%`;
  const actions = [...new Set(props.tracks.flatMap((t) => t.spans.map((s) => s.action)))].sort();
  return (
    <section aria-labelledby="atl-h" className="card space-y-2 p-4 text-sm">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="atl-h" className="text-lg font-semibold">Actions per person</h2>
        <ul className="flex flex-wrap gap-2 text-xs" aria-label="Actions">
          {actions.map((a) => (
            <li key={a} className="flex items-center gap-1">
              <span className="h-3 w-3 rounded-sm" style={{ background: labelColor(a) }} aria-hidden />
              {a.replace("_", " ")}
            </li>
          ))}
        </ul>
      </div>
      {props.tracks.length === 0 && <p className="text-slate-500">No person was found in this run.</p>}
      <ul className="space-y-1" aria-label="People">
        {props.tracks.map((t) => (
          <li key={t.trackId} className="grid grid-cols-[7rem_1fr] items-center gap-2">
            <span className="font-medium">Person #{t.trackId}</span>
            <button
              type="button"
              data-person={t.trackId}
              aria-label={`Seek in person ${t.trackId}'s actions`}
              className="relative h-5 w-full rounded bg-slate-100"
              onClick={(e) => {
                const r = e.currentTarget.getBoundingClientRect();
                props.onSeek(((e.clientX - r.left) / r.width) * props.spanMs);
              }}
            >
              {t.spans.map((s) => (
                <span
                  key={s.startMs}
                  className="absolute inset-y-0 rounded-sm"
                  style={{ left: pct(s.startMs), width: `max(2px, calc(${pct(s.endMs)} - ${pct(s.startMs)}))`, background: labelColor(s.action) }}
                  title={`${s.action} ${(s.startMs / 1000).toFixed(2)}–${(s.endMs / 1000).toFixed(2)} s (${Math.round(s.confidence * 100)}%)`}
                />
              ))}
              <span className="absolute -inset-y-0.5 w-0.5 bg-red-600" style={{ left: pct(props.nowMs) }} data-testid="actions-playhead" aria-hidden />
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
