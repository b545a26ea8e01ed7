"use client";

import { useEffect, useState } from "react";
import type { ActionsDocument } from "@/lib/people/schema";
import { labelColor } from "@/components/studio/colors";
import { ActionTimeline, actionAt } from "./action-timeline";

type Load = { kind: "loading" } | { kind: "error"; message: string } | { kind: "ready"; doc: ActionsDocument };

/**
 * A people-and-actions run in the app: its annotated video (skeletons, ids and actions drawn by the run)
 * and, under it, one action timeline per person, scrubbable (a click seeks the video there), with the
 * action each person is doing now; the JSON and MP4 downloads beside.
 */
export function ActionsViewer({ videoId, runId }: { videoId: number; runId: number | null }) {
  const q = runId !== null ? `?run=${runId}` : "";
  const [load, setLoad] = useState<Load>({ kind: "loading" });
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const [nowMs, setNowMs] = useState(0);
  const [durationMs, setDurationMs] = useState(0);

  useEffect(() => {
    let live = true;
    fetch(`/api/videos/${videoId}/actions${q}`)
      .then(async (r) => {
        if (!r.ok) throw new Error(r.status === 404 ? "This run has no actions result." : `The actions could not be loaded (HTTP ${r.status}).`);
        return (await r.json()) as ActionsDocument;
      })
      .then((doc) => live && setLoad({ kind: "ready", doc }))
      .catch((e: Error) => live && setLoad({ kind: "error", message: e.message }));
    return () => {
      live = false;
    };
  }, [videoId, q]);

  // The playhead follows every presented frame while playing and after each seek.
  useEffect(() => {
    if (!video) return;
    let handle = 0;
    const rvfc = typeof video.requestVideoFrameCallback === "function";
    const onFrame = (_n: number, meta: VideoFrameCallbackMetadata) => {
      setNowMs(meta.mediaTime * 1000);
      handle = video.requestVideoFrameCallback(onFrame);
    };
    const fromTime = () => setNowMs(video.currentTime * 1000);
    const dur = () => setDurationMs(Number.isFinite(video.duration) ? video.duration * 1000 : 0);
    if (rvfc) handle = video.requestVideoFrameCallback(onFrame);
    video.addEventListener("timeupdate", fromTime);
    video.addEventListener("loadedmetadata", dur);
    if (video.readyState >= 1) queueMicrotask(dur);
    return () => {
      if (rvfc) video.cancelVideoFrameCallback(handle);
      video.removeEventListener("timeupdate", fromTime);
      video.removeEventListener("loadedmetadata", dur);
    };
  }, [video]);

  if (load.kind === "loading") return <p className="text-slate-500">Loading the run&apos;s people and actions…</p>;
  if (load.kind === "error") return <p className="text-red-700" role="alert">{load.message}</p>;
  const { doc } = load;
  const spanMs = Math.max(durationMs, ...doc.tracks.map((t) => t.lastMs), 1);
  const seek = (ms: number) => {
    if (video) seekVideo(video, ms);
  };

  return (
    <div className="space-y-4">
      <div className="grid gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(16rem,1fr)]">
        <video ref={setVideo} src={`/api/videos/${videoId}/actions/annotated${q}`} controls muted playsInline preload="auto" className="w-full rounded bg-black" data-testid="actions-video" />
        <aside className="card space-y-3 p-4 text-sm">
          <h2 className="text-base font-semibold">Now · {(nowMs / 1000).toFixed(2)} s</h2>
          <ul className="space-y-1" aria-label="What each person is doing now" data-testid="actions-now">
            {doc.tracks.map((t) => {
              const a = actionAt(t, nowMs);
              return (
                <li key={t.trackId} className="flex items-center justify-between gap-2">
                  <span>Person #{t.trackId}</span>
                  <span className="rounded px-1.5 text-xs text-white" style={{ background: a ? labelColor(a.action) : "#94a3b8" }}>
                    {a ? a.action.replace("_", " ") : "not in view"}
                  </span>
                </li>
              );
            })}
          </ul>
          <p className="text-xs text-slate-500">
            {doc.tracks.length} people · {doc.frames.length} analysed frames · {doc.models.pose} + {doc.models.actions} ({doc.backend})
          </p>
          <p className="space-x-3">
            <a className="text-brand-600 underline" href={`/api/videos/${videoId}/actions${q ? `${q}&` : "?"}download=1`}>JSON</a>
            <a className="text-brand-600 underline" href={`/api/videos/${videoId}/actions/annotated${q ? `${q}&` : "?"}download=1`}>MP4</a>
          </p>
        </aside>
      </div>
      <ActionTimeline tracks={doc.tracks} spanMs={spanMs} nowMs={nowMs} onSeek={seek} />
    </div>
  );
}

function seekVideo(v: HTMLVideoElement, ms: number) {
  v.currentTime = Math.max(0, ms / 1000 + 1e-4);
}
