import type { LiveEventDto, LiveStateDto } from "@/lib/live/recording-live-view";
import type { RecordingDto } from "@/lib/recordings/schemas";
import { LivePanel } from "./live-panel";
import { RecordingActions } from "./recording-actions";

const fmtMs = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
const fmtTime = (iso: string | null) => (iso ? new Date(iso).toISOString().replace("T", " ").replace("Z", " UTC") : "—");

/** Job workers run recordings under a lease: none holds it before one takes it, or after its worker died. */
function stateLabel(r: RecordingDto): string {
  if (!r.running) return r.finishing ? `${r.status} · finishing live detection` : r.status;
  if (r.stopRequested) return "stopping";
  if (!r.worker) return r.status === "starting" ? "waiting for a worker" : "waiting for a worker to resume it";
  return r.error === "reconnecting" ? "reconnecting" : r.status;
}

/** One recording: status, wall clock of the first frame, segments with pts ranges, gaps. */
export function RecordingCard({ r, live }: { r: RecordingDto; live?: { state: LiveStateDto | null; events: LiveEventDto[] } }) {
  const frames = r.segments.reduce((n, s) => n + s.frames, 0);
  const bytes = r.segments.reduce((n, s) => n + s.bytes, 0);
  return (
    <article className="card space-y-4 p-6" aria-labelledby={`rec-${r.id}`}>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h2 id={`rec-${r.id}`} className="text-lg font-semibold">
            Recording {r.id} <span className="text-sm font-normal text-slate-600">· {stateLabel(r)}</span>
          </h2>
          <p className="break-all text-sm text-slate-600">{r.sourceUrl}</p>
          {r.worker && <p className="break-all text-xs text-slate-500">on worker {r.worker}</p>}
        </div>
        <RecordingActions id={r.id} running={r.running} videoId={r.videoId} hasSegments={r.segments.length > 0} />
      </div>
      <dl className="grid grid-cols-2 gap-2 text-sm md:grid-cols-5">
        <div>
          <dt className="text-slate-500">First frame (wall clock)</dt>
          <dd>
            {fmtTime(r.firstFrameWallclock)} {r.wallclockSource && <span className="text-slate-500">({r.wallclockSource} clock)</span>}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">Length</dt>
          <dd>{r.seconds ? `stops after ${r.seconds} s` : "until stopped"}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Segments</dt>
          <dd>{r.segments.length}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Frames</dt>
          <dd>{frames}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Size</dt>
          <dd>{(bytes / 1024 / 1024).toFixed(2)} MB</dd>
        </div>
      </dl>
      {r.live && <LivePanel id={r.id} fps={r.live.fps} running={r.running} initialState={live?.state ?? null} initialEvents={live?.events ?? []} />}
      {r.error && r.error !== "reconnecting" && <p className="text-sm text-red-700">{r.error}</p>}
      {r.gaps.length > 0 && (
        <div>
          <h3 className="text-sm font-semibold">Gaps</h3>
          <ul className="list-disc pl-5 text-sm">
            {r.gaps.map((g, i) => (
              <li key={i}>
                after run {g.afterRun}: {fmtTime(g.from)} → {g.to ? `${fmtTime(g.to)} (${g.ms} ms)` : "not resumed"} — {g.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      {r.segments.length > 0 && (
        <div className="overflow-x-auto">
          <table className="table">
            <caption className="sr-only">Segments of recording {r.id}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Run</th>
                <th scope="col">pts from</th>
                <th scope="col">pts to</th>
                <th scope="col">Frames</th>
                <th scope="col">Bytes</th>
                <th scope="col">Upload after close</th>
              </tr>
            </thead>
            <tbody>
              {r.segments.map((s) => (
                <tr key={s.index}>
                  <td>{s.index}</td>
                  <td>{s.run}</td>
                  <td>{fmtMs(s.startMs)}</td>
                  <td>{fmtMs(s.endMs)}</td>
                  <td>{s.frames}</td>
                  <td>{s.bytes}</td>
                  <td>{s.uploadMs} ms</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}
