import { AutoRefresh } from "@/components/analysis/auto-refresh";
import { RecordingCard } from "@/components/recordings/recording-card";
import { StartRecordingForm } from "@/components/recordings/start-form";
import { liveViews } from "@/lib/live/recording-live-view";
import { toRecordingDto } from "@/lib/recordings/schemas";
import { listRecordings } from "@/lib/recordings/service";

export const dynamic = "force-dynamic";
export const metadata = { title: "Recordings" };

export default async function RecordingsPage() {
  const rows = (await listRecordings()).map((r) => toRecordingDto(r));
  const active = rows.some((r) => r.running || r.finishing);
  const live = await liveViews(rows.filter((r) => r.live).map((r) => r.id));
  return (
    <div className="space-y-6">
      {active && <AutoRefresh seconds={2} />}
      <h1 className="page-title">RTSP recordings</h1>
      <section aria-labelledby="start-h" className="card space-y-4 p-6">
        <h2 id="start-h" className="text-lg font-semibold">
          Record a stream
        </h2>
        <p className="text-sm text-slate-600">
          The stream is copied without re-encoding into MP4 segments that are uploaded to storage while recording. A job
          worker runs it; if that worker dies or restarts, another one resumes into the same recording (the gap is
          recorded). Stopping finishes the last segment first.
        </p>
        <StartRecordingForm />
      </section>
      <p className="text-sm text-slate-600" aria-live="polite">
        {rows.length} recording{rows.length === 1 ? "" : "s"}
        {active ? " · updating while recording" : ""}
      </p>
      {rows.length === 0 ? <p className="py-6 text-center text-sm text-slate-500">No recordings yet.</p> : rows.map((r) => <RecordingCard key={r.id} r={r} live={live.get(r.id)} />)}
    </div>
  );
}
