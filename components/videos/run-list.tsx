"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { AnalysisRequestForm } from "@/components/analysis/analysis-request-form";
import { FormError } from "@/components/ui/form-error";
import { callApi } from "@/lib/api/client";
import type { RunDto } from "@/lib/videos/dto";
import { formatEta, statusClass } from "./format";

const ACTIVE = new Set(["queued", "running"]);

/** The video's runs with live progress: polls every second while one is queued or running. */
export function RunList({ videoId, initialRuns, videoStatus }: { videoId: number; initialRuns: RunDto[]; videoStatus: string }) {
  const router = useRouter();
  const [runs, setRuns] = useState(initialRuns);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<number | "probe" | null>(null);
  const lastStatus = useRef(videoStatus);
  const active = runs.some((r) => ACTIVE.has(r.status));

  const refresh = useCallback(async () => {
    const res = await callApi<{ runs: RunDto[]; video: { status: string } }>(`/api/videos/${videoId}/runs`);
    if (!res.ok) return setError(res.message);
    setRuns(res.data.runs);
    // The video's own fields (status, metadata, thumbnail) change when a run ends: re-render the page.
    if (res.data.video.status !== lastStatus.current) {
      lastStatus.current = res.data.video.status;
      router.refresh();
    }
  }, [videoId, router]);

  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => void refresh(), 1000);
    return () => clearInterval(timer);
  }, [active, refresh]);

  async function cancel(id: number) {
    setBusy(id);
    setError(null);
    const res = await callApi(`/api/admin/runs/${id}/cancel`, { method: "POST" });
    setBusy(null);
    if (!res.ok) setError(res.message);
    await refresh();
  }

  async function probeAgain() {
    setBusy("probe");
    setError(null);
    const res = await callApi(`/api/videos/${videoId}/runs`, { method: "POST", json: { task: "probe-video" } });
    setBusy(null);
    if (!res.ok) setError(res.message);
    await refresh();
  }

  return (
    <div className="space-y-3">
      <FormError message={error} />
      {runs.length === 0 ? (
        <p className="text-sm text-slate-500">No runs yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="table">
            <caption className="sr-only">Processing runs of this video, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Status</th>
                <th scope="col">Progress</th>
                <th scope="col" className="text-right">Speed</th>
                <th scope="col" className="text-right">ETA</th>
                <th scope="col"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => {
                const pct = r.framesTotal ? Math.min(100, Math.round((r.framesDone / r.framesTotal) * 100)) : null;
                return (
                  <tr key={r.id}>
                    <td>
                      <span className="font-medium">#{r.id}</span> {r.kind}
                      {r.task ? <span className="text-xs text-slate-500"> ({r.task})</span> : null}
                      {Object.keys(r.models).length > 0 && <div className="text-xs text-slate-500">{["detector", "tracker", "pose", "actions"].map((k) => r.models[k]).filter(Boolean).join(" · ")}</div>}
                      <div className="text-xs text-slate-500">{new Date(r.createdAt).toLocaleString()}</div>
                    </td>
                    <td>
                      <span className={statusClass(r.status)}>{r.status}</span>
                      {r.error && <div className="mt-1 max-w-xs text-xs text-red-700">{r.error}</div>}
                    </td>
                    <td className="min-w-40">
                      <div className="text-xs text-slate-700">
                        {r.framesDone.toLocaleString()} / {r.framesTotal?.toLocaleString() ?? "?"} frames{pct !== null ? ` (${pct}%)` : ""}
                      </div>
                      {pct !== null && (
                        <div className="mt-1 h-1.5 w-full overflow-hidden rounded bg-slate-200" role="progressbar" aria-label={`Run ${r.id} progress`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
                          <div className="h-full bg-brand-600" style={{ width: `${pct}%` }} />
                        </div>
                      )}
                    </td>
                    <td className="text-right tabular-nums">{r.fps ? `${r.fps.toFixed(1)} fps` : "—"}</td>
                    <td className="text-right tabular-nums">{r.status === "running" ? formatEta(r.etaSeconds) : "—"}</td>
                    <td className="text-right">
                      {ACTIVE.has(r.status) && (
                        <button type="button" className="btn-secondary py-1 text-red-700" disabled={busy === r.id} onClick={() => void cancel(r.id)}>
                          Cancel<span className="sr-only"> run {r.id}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <div className="flex items-center gap-3">
        <button type="button" className="btn-secondary" disabled={busy === "probe" || active} onClick={() => void probeAgain()}>
          Read timeline again
        </button>
        {active && <span className="text-xs text-slate-500" aria-live="polite">Updating every second…</span>}
      </div>
      <AnalysisRequestForm videoId={videoId} disabled={active || videoStatus !== "ready"} onQueued={refresh} />
    </div>
  );
}
