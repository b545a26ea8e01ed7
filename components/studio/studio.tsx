"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import { boxesAt, buildVideoIndex } from "@/lib/match/engine";
import { api, loadStudio, loadTimeline, type StudioBox, type StudioData } from "./api";
import { BoxForm } from "./box-form";
import { FrameView, type DrawnBox } from "./frame-view";
import { FrameNav } from "./frame-nav";
import { frameAtMs } from "./frames";
import { TrackPanel } from "./track-panel";
import { TrackTimeline } from "./track-timeline";

/** The studio: exact frames, the boxes matching would use on each, the track timeline and the edits. */
export function Studio({ videoId }: { videoId: number }) {
  const [pts, setPts] = useState<number[] | null>(null);
  const [data, setData] = useState<StudioData | null>(null);
  const [frame, setFrame] = useState(0);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [drawing, setDrawing] = useState(false);
  const [draft, setDraft] = useState<[number, number, number, number] | null>(null);
  const [newLabel, setNewLabel] = useState("cat");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // Unconfirmed tracks (lib/track/confirm.ts) are hidden from shoppers and, unless asked, from the studio.
  const [showHidden, setShowHidden] = useState(false);

  const reload = useCallback(async () => setData(await loadStudio(videoId)), [videoId]);
  useEffect(() => {
    let live = true;
    Promise.all([loadTimeline(videoId), loadStudio(videoId)])
      .then(([t, d]) => {
        if (!live) return;
        setPts(t.ptsMs);
        setData(d);
      })
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [videoId]);

  const last = (pts?.length ?? 1) - 1;
  const go = useCallback((i: number) => setFrame(Math.max(0, Math.min(last, Math.round(i)))), [last]);
  const ptsMs = pts?.[frame] ?? 0;

  // Arrow keys step frames (Shift: 10) unless the focus is in a field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement;
      if (el.closest("input, select, textarea")) return;
      const step = e.shiftKey ? 10 : 1;
      if (e.key === "ArrowRight") go(frame + step);
      else if (e.key === "ArrowLeft") go(frame - step);
      else if (e.key === "Home") go(0);
      else if (e.key === "End") go(last);
      else if (e.key === "Escape") setDrawing(false);
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [frame, go, last]);

  const tracks = useMemo(() => (data?.tracks ?? []).filter((t) => showHidden || !t.hidden || t.product !== null), [data, showHidden]);
  const hiddenCount = (data?.tracks ?? []).filter((t) => t.hidden && t.product === null).length;
  const boxesByTrack = useMemo(() => {
    const m = new Map<number, StudioBox[]>();
    for (const b of data?.boxes ?? []) {
      let l = m.get(b.trackId);
      if (!l) m.set(b.trackId, (l = []));
      l.push(b);
    }
    return m;
  }, [data]);
  // The same index and interpolation the click matcher uses.
  const index = useMemo(
    () =>
      pts && data
        ? buildVideoIndex({ timeline: pts, tracks: tracks.map((t) => ({ trackId: t.id, label: t.label, boxes: boxesByTrack.get(t.id) ?? [] })), width: data.width, height: data.height })
        : null,
    [pts, data, tracks, boxesByTrack],
  );
  const drawn: DrawnBox[] = useMemo(() => {
    if (!index) return [];
    return boxesAt(index, ptsMs).map((b) => ({ ...b, keyframe: (boxesByTrack.get(b.trackId) ?? []).some((s) => s.frameIndex === frame && s.keyframe) }));
  }, [index, ptsMs, frame, boxesByTrack]);
  const selected = data?.tracks.find((t) => t.id === selectedId) ?? null;

  async function run(what: string | ((out: Record<string, unknown>) => string), url: string, init: { method?: string; json?: unknown } = {}) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const out = await api<Record<string, unknown>>(url, init);
      await reload();
      setNotice(typeof what === "function" ? what(out) : what);
      return out;
    } catch (e) {
      setError((e as Error).message);
      return null;
    } finally {
      setBusy(false);
    }
  }

  if (error && (!pts || !data)) return <p className="text-red-700" role="alert">{error}</p>;
  if (!pts || !data) return <p className="text-slate-500">Loading the timeline and tracks…</p>;

  return (
    <div className="space-y-4">
      <div className="grid gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(20rem,2fr)]">
        <div className="space-y-3">
          <FrameView
            videoId={videoId}
            width={data.width}
            height={data.height}
            frameIndex={frame}
            ptsMs={ptsMs}
            boxes={drawn}
            selectedId={selectedId}
            drawing={drawing}
            onSelect={setSelectedId}
            onDrawn={(b) => {
              setDraft(b);
              setDrawing(false);
            }}
          />
          <FrameNav frame={frame} last={last} ptsMs={ptsMs} pts={pts} go={go} drawing={drawing} setDrawing={setDrawing} />
          <div aria-live="polite" className="min-h-5 text-sm">
            {error && <p className="text-red-700" role="alert">{error}</p>}
            {notice && <p className="text-emerald-700">{notice}</p>}
          </div>
        </div>
        <div className="card space-y-4 p-4">
          <BoxForm
            box={draft}
            onBox={setDraft}
            label={newLabel}
            onLabel={setNewLabel}
            selectedId={selectedId}
            busy={busy}
            onNewTrack={async () => {
              const out = await run(`New ${newLabel} track on frame ${frame}`, `/api/admin/videos/${videoId}/tracks`, { method: "POST", json: { label: newLabel, frameIndex: frame, box: draft } });
              if (out && typeof out.trackId === "number") {
                setSelectedId(out.trackId);
                setDraft(null);
              }
            }}
            selectedBox={drawn.find((b) => b.trackId === selectedId)?.box ?? null}
            onKeyframe={async () => {
              if (selectedId === null) return;
              if (await run(`Keyframe on frame ${frame}`, `/api/admin/tracks/${selectedId}/keyframes`, { method: "PUT", json: { frameIndex: frame, box: draft } })) setDraft(null);
            }}
          />
          <hr className="border-slate-200" />
          {selected ? (
            <TrackPanel
              track={selected}
              tracks={tracks}
              frameIndex={frame}
              hasBoxHere={(boxesByTrack.get(selected.id) ?? []).some((b) => b.frameIndex === frame)}
              busy={busy}
              run={run}
              onDeleted={() => setSelectedId(null)}
            />
          ) : (
            <p className="text-sm text-slate-500">Select a track on the timeline or its box on the frame to edit it.</p>
          )}
        </div>
      </div>
      <section aria-labelledby="tl-h" className="card p-4">
        <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
          <h2 id="tl-h" className="text-lg font-semibold">Timeline</h2>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={showHidden} onChange={(e) => setShowHidden(e.target.checked)} />
            Show unconfirmed tracks ({hiddenCount})
          </label>
        </div>
        <TrackTimeline
          tracks={tracks}
          keyframes={boxesByTrack}
          durationMs={pts[last] ?? 0}
          ptsMs={ptsMs}
          selectedId={selectedId}
          onSelect={(id) => {
            setSelectedId(id);
            const t = tracks.find((x) => x.id === id);
            // Jump to the track when it is not on screen now.
            if (t && t.firstFrame !== null && t.lastFrame !== null && (frame < t.firstFrame || frame > t.lastFrame)) go(t.firstFrame);
          }}
          onSeekMs={(ms) => go(frameAtMs(pts, ms))}
        />
      </section>
    </div>
  );
}
