"use client";

import { useEffect, useState } from "react";
import type { LiveEventDto, LiveStateDto } from "@/lib/live/recording-live-view";

const fmtClock = (ms: number) => new Date(ms).toISOString().slice(11, 23);

/**
 * A recording's live detection: while it runs, the newest analysed frame's boxes (drawn on the live
 * frame's area, not the picture) with their latency, from the SSE route; the events with their
 * snapshots, each linking to the recording's video at its first frame once the video is made.
 */
export function LivePanel({ id, fps, running, initialEvents, initialState }: { id: number; fps: number; running: boolean; initialEvents: LiveEventDto[]; initialState: LiveStateDto | null }) {
  // What the stream sent while the recording runs; afterwards (and before it sends) the page's own data.
  const [sseState, setState] = useState<LiveStateDto | null>(null);
  const [sseEvents, setEvents] = useState<LiveEventDto[] | null>(null);
  const [connected, setConnected] = useState(false);
  // Only while running: when the page's refresh says stopped, the stream is closed before its `end`
  // may arrive, and what it last sent must not hide the events written at the stop.
  const state = (running ? sseState : null) ?? initialState;
  const events = (running ? sseEvents : null) ?? initialEvents;

  useEffect(() => {
    if (!running) return;
    const es = new EventSource(`/api/admin/recordings/${id}/live`);
    es.addEventListener("open", () => setConnected(true));
    es.addEventListener("state", (m) => setState(JSON.parse((m as MessageEvent<string>).data) as LiveStateDto));
    es.addEventListener("events", (m) => setEvents(JSON.parse((m as MessageEvent<string>).data) as LiveEventDto[]));
    es.addEventListener("end", () => {
      setConnected(false);
      setState(null);
      setEvents(null);
      es.close();
    });
    es.addEventListener("error", () => setConnected(false));
    return () => es.close();
  }, [id, running]);

  return (
    <section className="space-y-3" aria-label={`Live detection of recording ${id}`}>
      <h3 className="text-sm font-semibold">
        Live detection · {fps} fps {running && <span className="font-normal text-slate-500">{connected ? "· live" : "· connecting…"}</span>}
      </h3>
      {state ? (
        <div className="flex flex-wrap gap-4">
          <svg viewBox={`0 0 ${state.width} ${state.height}`} className="w-80 rounded bg-slate-800" role="img" aria-label={`${state.objects.length} objects on the newest frame`}>
            {state.objects.map((o) => (
              <g key={o.trackId}>
                <rect x={o.box[0]} y={o.box[1]} width={o.box[2]} height={o.box[3]} fill="none" stroke="#facc15" strokeWidth={3} />
                <text x={o.box[0] + 4} y={Math.max(18, o.box[1] - 4)} fill="#facc15" fontSize={18}>
                  {o.label} #{o.trackId}
                </text>
              </g>
            ))}
          </svg>
          <dl className="grid grid-cols-2 content-start gap-x-4 gap-y-1 text-sm" data-testid="live-state">
            <dt className="text-slate-500">Newest frame</dt>
            <dd>
              run {state.run}, pts {(state.ptsMs / 1000).toFixed(3)} s ({fmtClock(state.wallClockMs)} UTC)
            </dd>
            <dt className="text-slate-500">Latency</dt>
            <dd data-testid="live-latency">{state.latencyMs} ms</dd>
            <dt className="text-slate-500">Objects</dt>
            <dd>{state.objects.map((o) => `${o.label} #${o.trackId}`).join(", ") || "none"}</dd>
            <dt className="text-slate-500">Analysed / dropped</dt>
            <dd data-testid="live-counts">
              {state.analysed} / {state.dropped} ({state.detectorRuns} detector runs)
            </dd>
          </dl>
        </div>
      ) : (
        <p className="text-sm text-slate-500">No frame analysed yet.</p>
      )}
      <div>
        <h4 className="text-sm font-semibold">Events ({events.length})</h4>
        {events.length === 0 ? (
          <p className="text-sm text-slate-500">No confirmed track yet (a track becomes an event when it ends).</p>
        ) : (
          <ul className="mt-2 grid grid-cols-2 gap-3 md:grid-cols-4" data-testid="live-events">
            {events.map((e) => (
              <li key={e.id} className="space-y-1 text-sm">
                {e.snapshotUrl && (
                  // eslint-disable-next-line @next/next/no-img-element -- an admin-only stored JPEG, not a static asset
                  <img src={e.snapshotUrl} alt={`${e.label} #${e.trackId}`} className="w-full rounded" loading="lazy" />
                )}
                <p>
                  <strong>{e.label}</strong> #{e.trackId} · {fmtClock(e.startWallClockMs)}–{fmtClock(e.endWallClockMs)}
                </p>
                {e.videoUrl ? (
                  <a href={e.videoUrl} className="text-brand-600 underline">
                    Watch at {((e.videoStartMs ?? 0) / 1000).toFixed(3)} s
                  </a>
                ) : (
                  <p className="text-xs text-slate-500">
                    run {e.startRun} at {(e.startPtsMs / 1000).toFixed(3)} s · make a video to watch it
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
