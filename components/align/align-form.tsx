"use client";

import { useState } from "react";
import { FormError } from "@/components/ui/form-error";
import { callApi } from "@/lib/api/client";

type VideoOption = { id: number; title: string; durationMs: number | null; status: string };
type Side = { atMs: number; index: number | null; ptsMs: number | null; skipped: number | null; frameCount: number; note?: string };
type Result = {
  atMs: number;
  a: Side;
  b: Side;
  offsetMs: number;
  offset: { mode: "given" | "auto"; confidence?: number; agreement?: number; toleranceMs?: number; overlapFrames?: number };
  videos: { a: { id: number; title: string }; b: { id: number; title: string } };
  image: string;
};

const label = (v: VideoOption) => `#${v.id} ${v.title}${v.durationMs ? ` (${(v.durationMs / 1000).toFixed(1)} s)` : ""}${v.status === "ready" ? "" : ` · ${v.status}`}`;

function describe(name: string, s: Side): string {
  if (s.index === null || s.ptsMs === null) return `${name}: no frame yet (${s.note ?? "not started"})`;
  return `${name}: frame ${s.index} of ${s.frameCount}, pts ${s.ptsMs.toFixed(3)} ms, ${s.skipped} frames skipped${s.note ? ` — ${s.note}` : ""}`;
}

/** Two videos, a moment and an offset → the side-by-side picture and the JSON the CLI prints. */
export function AlignForm({ videos }: { videos: VideoOption[] }) {
  const [a, setA] = useState(String(videos[1]?.id ?? videos[0]?.id ?? ""));
  const [b, setB] = useState(String(videos[0]?.id ?? ""));
  const [ms, setMs] = useState("1000");
  const [mode, setMode] = useState<"number" | "auto">("number");
  const [offset, setOffset] = useState("0");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const atMs = Number(ms);
    if (ms.trim() === "" || !Number.isFinite(atMs) || atMs < 0) return setError("Enter the moment as a number of ms, 0 or more.");
    const off = Number(offset);
    if (mode === "number" && (offset.trim() === "" || !Number.isFinite(off))) return setError("Enter the offset as a number of ms (negative if B started first), or choose auto.");
    setBusy(true);
    setError(null);
    const r = await callApi<Result>("/api/admin/align", { method: "POST", json: { videoA: Number(a), videoB: Number(b), atMs, offset: mode === "auto" ? "auto" : off } });
    setBusy(false);
    if (!r.ok) {
      setResult(null); // an old picture under a new error would read as the answer to this request
      return setError(r.message);
    }
    setResult(r.data);
    if (r.data.offset.mode === "auto") setOffset(String(r.data.offsetMs));
  }

  const { image, videos: _names, ...json } = result ?? { image: "", videos: null };
  return (
    <div className="space-y-6">
      <form className="grid gap-4 md:grid-cols-2" onSubmit={submit} aria-describedby="align-status">
        <div>
          <label className="label" htmlFor="align-a">Video A (left)</label>
          <select id="align-a" className="input" value={a} onChange={(e) => setA(e.target.value)}>
            {videos.map((v) => <option key={v.id} value={v.id}>{label(v)}</option>)}
          </select>
        </div>
        <div>
          <label className="label" htmlFor="align-b">Video B (right)</label>
          <select id="align-b" className="input" value={b} onChange={(e) => setB(e.target.value)}>
            {videos.map((v) => <option key={v.id} value={v.id}>{label(v)}</option>)}
          </select>
        </div>
        <div>
          <label className="label" htmlFor="align-ms">Moment (ms from A&apos;s first frame)</label>
          <input id="align-ms" className="input" inputMode="decimal" value={ms} onChange={(e) => setMs(e.target.value)} />
        </div>
        <fieldset>
          <legend className="label">Offset: ms after A that B started</legend>
          <div className="flex flex-wrap items-center gap-3">
            <label className="flex items-center gap-1 text-sm">
              <input type="radio" name="align-mode" value="number" checked={mode === "number"} onChange={() => setMode("number")} /> ms
            </label>
            <input
              aria-label="Offset in ms"
              className="input w-32"
              inputMode="decimal"
              value={offset}
              disabled={mode === "auto"}
              onChange={(e) => setOffset(e.target.value)}
            />
            <label className="flex items-center gap-1 text-sm">
              <input type="radio" name="align-mode" value="auto" checked={mode === "auto"} onChange={() => setMode("auto")} /> auto (from the pictures)
            </label>
          </div>
        </fieldset>
        <div className="md:col-span-2 flex items-center gap-3">
          <button type="submit" className="btn-primary" disabled={busy || !a || !b}>{busy ? "Aligning…" : "Show both frames"}</button>
          <span id="align-status" role="status" className="text-sm text-slate-600">
            {busy ? (mode === "auto" ? "Decoding both videos to estimate the offset…" : "Extracting both frames…") : ""}
          </span>
        </div>
      </form>
      <FormError message={error} />
      {result && (
        <div className="space-y-3">
          <figure className="space-y-2">
            {/* eslint-disable-next-line @next/next/no-img-element -- a data URL rendered by the server */}
            <img src={image} alt={`Side by side at ${result.atMs} ms. ${describe("A", result.a)}. ${describe("B", result.b)}.`} className="max-w-full rounded border border-slate-200" />
            <figcaption className="space-y-1 text-sm text-slate-700" aria-live="polite">
              <span className="block">{describe(`A (${result.videos.a.title})`, result.a)}</span>
              <span className="block">{describe(`B (${result.videos.b.title})`, result.b)}</span>
              <span className="block">
                Offset {result.offsetMs} ms
                {result.offset.mode === "auto" && ` — estimated, confidence ${result.offset.confidence?.toFixed(2)}, ±${result.offset.toleranceMs?.toFixed(1)} ms (one frame of B)`}
              </span>
            </figcaption>
          </figure>
          <details open>
            <summary className="cursor-pointer text-sm font-medium text-slate-700">JSON (as printed by npm run align)</summary>
            <pre className="mt-2 overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100">{JSON.stringify(json, null, 2)}</pre>
          </details>
        </div>
      )}
    </div>
  );
}
