"use client";

import { useRef, useState } from "react";
import { FormError } from "@/components/ui/form-error";

type Shown = { url: string; index: string; ptsMs: string; at: number };

/**
 * The player beside the exact frame the server finds for the player's current time: the frame on
 * screen at t is the last one with pts ≤ t, read from the file's timeline (not t × fps).
 */
export function FrameInspector({ videoId }: { videoId: number }) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const [ms, setMs] = useState("0");
  const [shown, setShown] = useState<Shown | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function show(at: number) {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(`/api/videos/${videoId}/frame?t=${at}`);
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        setError(body?.error?.message ?? `Could not get the frame (${res.status})`);
        return;
      }
      const blob = await res.blob();
      if (shown) URL.revokeObjectURL(shown.url);
      setShown({ url: URL.createObjectURL(blob), index: res.headers.get("x-frame-index") ?? "?", ptsMs: res.headers.get("x-frame-pts-ms") ?? "?", at });
    } catch {
      setError("Could not reach the server.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-4">
      <FormError message={error} />
      <div className="grid gap-4 lg:grid-cols-2">
        <div className="space-y-2">
          <video ref={videoRef} src={`/api/videos/${videoId}/file`} controls preload="metadata" className="w-full rounded bg-black" />
          <button
            type="button"
            className="btn-secondary"
            disabled={busy}
            onClick={() => {
              const t = (videoRef.current?.currentTime ?? 0) * 1000;
              setMs(t.toFixed(3));
              void show(t);
            }}
          >
            Exact frame at the player&apos;s time
          </button>
        </div>
        <div className="space-y-2">
          <form
            className="flex items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              const t = Number(ms);
              if (!Number.isFinite(t) || t < 0) return setError("Enter a time in ms, 0 or more.");
              void show(t);
            }}
          >
            <div className="grow">
              <label className="label" htmlFor="frame-ms">Time (ms from the first frame)</label>
              <input className="input" id="frame-ms" inputMode="decimal" value={ms} onChange={(e) => setMs(e.target.value)} />
            </div>
            <button className="btn-primary" type="submit" disabled={busy}>Show frame</button>
          </form>
          {shown && (
            <figure className="space-y-1">
              {/* eslint-disable-next-line @next/next/no-img-element -- a blob URL of a server-rendered frame */}
              <img src={shown.url} alt={`Frame ${shown.index} of the video`} className="w-full rounded border border-slate-200" />
              <figcaption className="text-xs text-slate-600" aria-live="polite">
                At {shown.at.toFixed(3)} ms: frame #{shown.index}, shown from {Number(shown.ptsMs).toFixed(3)} ms
              </figcaption>
            </figure>
          )}
        </div>
      </div>
    </div>
  );
}
