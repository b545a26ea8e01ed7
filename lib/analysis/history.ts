import type { AnalysisRun } from "@/db/schema";
import { formatDuration } from "./progress-bar";

// How the analysis history page shows a run (pure, so it is tested without a browser).

export type RunRow = {
  id: number;
  kind: AnalysisRun["kind"];
  status: AnalysisRun["status"];
  video: { id: number; youtubeId: string; title: string };
  models: string;
  backend: string;
  /** "16 of 162 analysed" for object runs, frames done/total otherwise. */
  frames: string;
  /** Frames per second of video sampled ("every frame" when all), and throughput while it ran. */
  fps: string;
  duration: string;
  error: string | null;
  detectionsUrl: string | null;
  annotatedUrl: string | null;
  /** The in-app viewer of a finished actions run (video with skeletons, action timeline per person). */
  viewUrl: string | null;
  startedAt: string | null;
  /** Where the time went: "analyse 23.8 s · annotate 1.3 s" (object runs), "detect … · pose … · annotate …" (actions). */
  timings: string;
};

function timingText(t: Record<string, number>): string {
  const parts: [string, number | undefined][] = [
    ["detect", num(t.detectMs)],
    ["analyse", num(t.analyseMs)],
    ["pose", num(t.poseMs)],
    ["annotate", num(t.annotateMs)],
    ["save", num(t.persistMs)],
  ];
  const text = parts.filter((p): p is [string, number] => p[1] !== undefined && p[1] > 0).map(([k, v]) => `${k} ${v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`}`);
  return text.length ? text.join(" · ") : "—";
}

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

export function runRow(r: AnalysisRun & { video: RunRow["video"] }, now = Date.now()): RunRow {
  const analysed = num(r.timings.framesAnalysed);
  const videoFrames = num(r.timings.videoFrames);
  const frames =
    r.kind === "actions" && analysed !== undefined
      ? `${analysed}${videoFrames !== undefined ? ` of ${videoFrames}` : ""} posed${num(r.timings.personTracks) !== undefined ? `, ${num(r.timings.personTracks)} people` : ""}`
      : r.kind === "objects" && analysed !== undefined
      ? `${analysed}${videoFrames !== undefined ? ` of ${videoFrames}` : ""} analysed`
      : `${r.framesDone}${r.framesTotal !== null ? ` / ${r.framesTotal}` : ""}`;
  const sampled = r.params.analysisFps === null ? "every frame" : num(r.params.analysisFps) !== undefined ? `${num(r.params.analysisFps)} fps` : num(r.params.fps) !== undefined ? `${num(r.params.fps)} fps` : "—";
  const analyseMs = num(r.timings.analyseMs) ?? num(r.timings.poseMs);
  const rate = analysed !== undefined && analyseMs ? (analysed * 1000) / analyseMs : r.fps ?? undefined;
  const fps = r.kind !== "probe" ? `${sampled}${rate ? ` · ${rate.toFixed(1)} frames/s` : ""}` : rate ? `${rate.toFixed(1)} frames/s` : "—";
  const end = r.finishedAt?.getTime() ?? (r.status === "running" ? now : undefined);
  const duration = r.startedAt && end !== undefined ? formatDuration((end - r.startedAt.getTime()) / 1000) : "—";
  const modelText = Object.entries(r.models).length ? [r.models.detector, r.models.tracker, r.models.pose, r.models.actions].filter(Boolean).join(" + ") || Object.values(r.models).join(", ") : "—";
  const done = r.status === "succeeded";
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    video: r.video,
    models: modelText,
    backend: r.backend ?? "—",
    frames,
    fps,
    duration,
    error: r.error,
    detectionsUrl: done && r.resultKey ? `/api/videos/${r.videoId}/${r.kind === "actions" ? "actions" : "detections"}?run=${r.id}&download=1` : null,
    annotatedUrl: done && r.annotatedKey ? `/api/videos/${r.videoId}/${r.kind === "actions" ? "actions/annotated" : "annotated"}?run=${r.id}` : null,
    viewUrl: done && r.kind === "actions" && r.resultKey ? `/admin/videos/${r.videoId}/actions?run=${r.id}` : null,
    startedAt: r.startedAt ? r.startedAt.toISOString() : null,
    timings: timingText(r.timings),
  };
}

/** `?kind=` of the history page: object analyses by default, or every run. */
export function historyKind(v: string | string[] | undefined): AnalysisRun["kind"] | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  if (s === "all") return undefined;
  if (s === "probe" || s === "actions") return s;
  return "objects";
}
