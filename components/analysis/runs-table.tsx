import type { RunRow } from "@/lib/analysis/history";
import { RunStatus } from "./run-status";

/** The analysis history: one row per run, newest first, with links to its outputs. */
export function RunsTable({ rows }: { rows: RunRow[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="table">
        <caption className="sr-only">Analysis runs, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Run / type</th>
            <th scope="col">Video</th>
            <th scope="col">Status</th>
            <th scope="col">Models</th>
            <th scope="col">Backend</th>
            <th scope="col">Frames</th>
            <th scope="col">fps</th>
            <th scope="col">Duration</th>
            <th scope="col">Timings</th>
            <th scope="col">Outputs</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td className="tabular-nums">
                #{r.id}
                <span className="block text-xs text-slate-500">{r.kind}</span>
              </td>
              <td className="min-w-48">
                <a className="font-medium text-brand-600 underline-offset-2 hover:underline" href={`/admin/videos/${r.video.id}`}>{r.video.title}</a>
                <span className="block font-mono text-xs text-slate-500">{r.video.youtubeId}</span>
              </td>
              <td>
                <RunStatus status={r.status} />
                {r.error && <p className="mt-1 max-w-xs text-xs break-words text-red-700">{r.error}</p>}
              </td>
              <td className="text-xs">{r.models}</td>
              <td className="font-mono text-xs">{r.backend}</td>
              <td className="tabular-nums">{r.frames}</td>
              <td className="tabular-nums">{r.fps}</td>
              <td className="tabular-nums">{r.duration}</td>
              <td className="max-w-40 text-xs tabular-nums">{r.timings}</td>
              <td className="space-x-2 whitespace-nowrap">
                {r.viewUrl ? <a className="font-medium text-brand-600 underline-offset-2 hover:underline" href={r.viewUrl}>View<span className="sr-only"> run {r.id}</span></a> : null}
                {r.detectionsUrl ? <a className="text-brand-600 underline-offset-2 hover:underline" href={r.detectionsUrl}>JSON<span className="sr-only"> of run {r.id}</span></a> : null}
                {r.annotatedUrl ? <a className="text-brand-600 underline-offset-2 hover:underline" href={r.annotatedUrl} target="_blank" rel="noreferrer">MP4<span className="sr-only"> of run {r.id}</span></a> : null}
                {!r.detectionsUrl && !r.annotatedUrl && <span className="text-slate-400">—</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
