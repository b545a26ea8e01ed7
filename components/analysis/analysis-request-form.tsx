"use client";

import { useId, useState, type FormEvent } from "react";
import { FormError } from "@/components/ui/form-error";
import { callApi } from "@/lib/api/client";

const DETECTORS = [
  { value: "centernet", label: "CenterNet (COCO, more accurate)" },
  { value: "nanodet", label: "NanoDet (COCO, faster)" },
];
const POSE_MODELS = [
  { value: "movenet-lightning", label: "MoveNet Lightning, per person crop (default)" },
  { value: "movenet-thunder", label: "MoveNet Thunder, per person crop (slower)" },
  { value: "movenet-multipose", label: "MoveNet MultiPose, whole frame" },
];

/** The admin's analysis request: type (objects | actions) and the models, then POST …/analyze. */
export function AnalysisRequestForm({ videoId, disabled, onQueued }: { videoId: number; disabled: boolean; onQueued: () => void | Promise<void> }) {
  const id = useId();
  const [type, setType] = useState<"objects" | "actions">("objects");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [queued, setQueued] = useState<string | null>(null);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const fps = String(f.get("fps") ?? "").trim();
    const json: Record<string, unknown> = { type, model: f.get("model"), tracker: "bytetrack", annotate: f.get("annotate") === "on" };
    if (fps) json.fps = Number(fps);
    if (type === "actions") Object.assign(json, { poseModel: f.get("poseModel"), actionModel: "keypoint-rules-v1", redetect: f.get("redetect") === "on" });
    setBusy(true);
    setError(null);
    setQueued(null);
    const res = await callApi<{ run: { id: number } }>(`/api/admin/videos/${videoId}/analyze`, { method: "POST", json });
    setBusy(false);
    if (!res.ok) return setError(res.message);
    setQueued(`Run #${res.data.run.id} queued (${type}).`);
    await onQueued();
  }

  return (
    <form onSubmit={(e) => void submit(e)} className="space-y-3 rounded-md border border-slate-200 p-4" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} className="text-sm font-semibold">Request an analysis</h3>
      <FormError message={error} />
      <fieldset className="flex flex-wrap gap-4">
        <legend className="label">Analysis type</legend>
        {(["objects", "actions"] as const).map((t) => (
          <label key={t} className="flex items-center gap-2 text-sm">
            <input type="radio" name="type" value={t} checked={type === t} onChange={() => setType(t)} />
            {t === "objects" ? "Objects (detect + track)" : "People and actions (pose + actions)"}
          </label>
        ))}
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label className="label" htmlFor={`${id}-model`}>Detector{type === "actions" ? " (if the video has no object analysis)" : ""}</label>
          <select id={`${id}-model`} name="model" className="input" defaultValue="centernet">
            {DETECTORS.map((d) => <option key={d.value} value={d.value}>{d.label}</option>)}
          </select>
        </div>
        <div>
          <label className="label" htmlFor={`${id}-tracker`}>Tracker</label>
          <select id={`${id}-tracker`} name="tracker" className="input" defaultValue="bytetrack">
            <option value="bytetrack">ByteTrack (Kalman + two-stage IoU)</option>
          </select>
        </div>
        {type === "actions" && (
          <>
            <div>
              <label className="label" htmlFor={`${id}-pose`}>Pose model</label>
              <select id={`${id}-pose`} name="poseModel" className="input" defaultValue="movenet-lightning">
                {POSE_MODELS.map((d) => <option key={d.value} value={d.value}>{d.label}</option>)}
              </select>
            </div>
            <div>
              <label className="label" htmlFor={`${id}-action`}>Action model</label>
              <select id={`${id}-action`} name="actionModel" className="input" defaultValue="keypoint-rules-v1">
                <option value="keypoint-rules-v1">Keypoint rules v1 (standing, walking, running, sitting, raising a hand, falling)</option>
              </select>
            </div>
          </>
        )}
        <div>
          <label className="label" htmlFor={`${id}-fps`}>Frames per second to analyse</label>
          <input id={`${id}-fps`} name="fps" type="number" min="0.1" max="240" step="any" className="input" placeholder="default (5 on CPU)" />
        </div>
      </div>
      <div className="flex flex-wrap gap-4 text-sm">
        <label className="flex items-center gap-2">
          <input type="checkbox" name="annotate" defaultChecked /> Annotated MP4
        </label>
        {type === "actions" && (
          <label className="flex items-center gap-2">
            <input type="checkbox" name="redetect" /> Detect and track again first
          </label>
        )}
      </div>
      <div className="flex items-center gap-3">
        <button type="submit" className="btn-primary" disabled={busy || disabled}>
          {busy ? "Queuing…" : "Start analysis"}
        </button>
        {disabled && <span className="text-xs text-slate-500">An analysis is in progress, or the video is not ready.</span>}
        {queued && <span className="text-xs text-green-700" role="status">{queued}</span>}
      </div>
    </form>
  );
}
