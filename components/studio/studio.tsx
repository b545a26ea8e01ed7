"use client";

import { useMemo, useRef, useState } from "react";
import { api } from "./api";
import { BoxForm } from "./box-form";
import type { Box4, DrawnBox } from "./box-layer";
import { FrameNav } from "./frame-nav";
import { FrameView } from "./frame-view";
import { frameAtMs } from "./frames";
import { withGhost } from "./ghost";
import { HelpOverlay } from "./help-overlay";
import { isOutsideAt, OutsideButton, toggleOutside } from "./outside";
import { useHistory } from "./history";
import { filterTracks, NO_FILTER, TrackFilterBar } from "./track-filter";
import { TrackPanel } from "./track-panel";
import { TrackTimeline } from "./track-timeline";
import { structuralEdits, undoableCall } from "./structural-undo";
import { studioEdits } from "./use-edits";
import { useShortcuts } from "./use-shortcuts";
import { useStepper } from "./use-stepper";
import { useDrawnBoxes, useStudioData } from "./use-studio-data";

type Notice = string | ((out: Record<string, unknown>) => string);

const LAST_LABEL_KEY = "framecart.studio.lastLabel";

/** The studio: exact frames, boxes edited in place, playback, undo/redo, the filtered track timeline. */
export function Studio({ videoId, serverFrames = false }: { videoId: number; serverFrames?: boolean }) {
  const { pts, data, loadError, reload, boxesByTrack } = useStudioData(videoId);
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const [frame, setFrame] = useState(0);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [drawing, setDrawing] = useState(false);
  const [draft, setDraft] = useState<Box4 | null>(null);
  // The class of a new box: the last one used (kept across visits).
  const [newLabel, setNewLabelState] = useState(() => (typeof window === "undefined" ? "person" : (window.localStorage.getItem(LAST_LABEL_KEY) ?? "person")));
  const setNewLabel = (l: string) => {
    setNewLabelState(l);
    window.localStorage.setItem(LAST_LABEL_KEY, l);
  };
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState<DrawnBox | null>(null);
  const [help, setHelp] = useState(false);
  // Unconfirmed tracks (lib/track/confirm.ts) are hidden from shoppers and, unless asked, from the studio.
  const [showHidden, setShowHidden] = useState(false);
  const [filter, setFilter] = useState(NO_FILTER);
  // Tracks switched off on the canvas only (the eye in the timeline, H): a view setting, not an edit.
  const [offCanvas, setOffCanvas] = useState<ReadonlySet<number>>(new Set());
  const history = useHistory();
  const queue = useRef<Promise<void>>(Promise.resolve());
  const edits = studioEdits(videoId, history, history.exec);
  const structural = structuralEdits(videoId, history);

  const last = (pts?.length ?? 1) - 1;
  const stepper = useStepper({ video, pts, frame, serverOnly: serverFrames, onPlayFrame: setFrame });
  const go = (i: number) => {
    stepper.stop();
    setFrame(Math.max(0, Math.min(last, Math.round(i))));
  };
  const ptsMs = pts?.[frame] ?? 0;

  const tracks = useMemo(() => (data?.tracks ?? []).filter((t) => showHidden || !t.hidden || t.product !== null), [data, showHidden]);
  const hiddenCount = (data?.tracks ?? []).filter((t) => t.hidden && t.product === null).length;
  const listed = useMemo(() => filterTracks(tracks, filter), [tracks, filter]);
  const onCanvas = useMemo(() => listed.filter((t) => !offCanvas.has(t.id)), [listed, offCanvas]);
  const base = useDrawnBoxes(pts, data, onCanvas, boxesByTrack, frame);
  // While an edit is on its way, its box stays where the mouse left it.
  const selected = data?.tracks.find((t) => t.id === selectedId) ?? null;
  const shownSelected = selected && onCanvas.some((t) => t.id === selected.id) ? selected : null;
  const drawn = withGhost(pending ? [...base.filter((b) => b.trackId !== pending.trackId), pending] : base, shownSelected, selected ? boxesByTrack.get(selected.id) : undefined, frame);
  const storedHere = (trackId: number) => (boxesByTrack.get(trackId) ?? []).find((b) => b.frameIndex === frame) ?? null;

  // `what` is the notice, or makes it from the answer (Follow says where it lost the target).
  async function act(what: Notice, fn: () => Promise<unknown>): Promise<boolean> {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const out = await fn();
      await reload();
      setNotice(typeof what === "function" ? what((out ?? {}) as Record<string, unknown>) : what);
      return true;
    } catch (e) {
      setError((e as Error).message);
      await reload().catch(() => undefined);
      return false;
    } finally {
      setPending(null);
      setBusy(false);
    }
  }
  // The track panel's edits (split, merge, follow, class, delete…) are undoable by snapshots (structural-undo.ts).
  const run = async (what: Notice, url: string, init: { method?: string; json?: unknown } = {}) => {
    let undoable = true;
    const ok = await act(what, async () => {
      const r = await undoableCall(structural, url, init);
      undoable = r.undoable;
      return r.out;
    });
    if (ok && !undoable) history.clear();
    return ok;
  };
  const newTrack = (box: Box4) => {
    setDrawing(false);
    setPending({ trackId: -1, label: newLabel, box, keyframe: true });
    void act(`New ${newLabel} track on frame ${frame}`, async () => {
      const id = await edits.newTrack(newLabel, frame, box);
      if (id !== null) setSelectedId(id);
    });
  };
  const editBox = (trackId: number, box: Box4) => {
    const t = data?.tracks.find((x) => x.id === trackId);
    setPending({ trackId, label: t?.label ?? "", box, keyframe: true });
    void act(`Keyframe of #${trackId} on frame ${frame}`, () => edits.setBox(trackId, frame, box, storedHere(trackId)));
  };
  const removeBoxHere = () => {
    const b = selectedId !== null ? storedHere(selectedId) : null;
    if (selectedId === null || !b) return setNotice(selectedId === null ? "Select a track first." : `Track #${selectedId} has no stored box on frame ${frame}.`);
    void act(`Box of #${selectedId} on frame ${frame} removed`, () => edits.removeBox(selectedId, frame, b));
  };
  // Undo/redo presses queue up (one at a time, in order) rather than being dropped while an edit is on its way.
  const undoRedo = (which: "undo" | "redo") => {
    queue.current = queue.current.then(async () => {
      let what: string | null = null;
      const ok = await act(which === "undo" ? "Undone" : "Redone", async () => {
        what = await history[which]();
      });
      if (ok) setNotice(what ? `${which === "undo" ? "Undone" : "Redone"}: ${what}` : `Nothing to ${which}`);
    });
  };
  const outsideHere = selectedId !== null && isOutsideAt(boxesByTrack.get(selectedId) ?? [], ptsMs);
  const toggleOutsideHere = () => {
    if (selectedId === null) return setNotice("Select a track first.");
    const now = outsideHere;
    void act(`#${selectedId} ${now ? "back in the picture" : "outside"} from frame ${frame}`, () => toggleOutside(history, history.exec, selectedId, ptsMs, frame, now));
  };
  const toggleCanvas = (id: number) => setOffCanvas((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));

  useShortcuts({
    step: (d) => go(frame + d),
    home: () => go(0),
    end: () => go(last),
    play: stepper.toggle,
    draw: () => setDrawing((d) => !d),
    del: removeBoxHere,
    hide: () => selectedId !== null && toggleCanvas(selectedId),
    outside: toggleOutsideHere,
    undo: () => undoRedo("undo"),
    redo: () => undoRedo("redo"),
    help: () => setHelp((h) => !h),
    escape: () => (help ? setHelp(false) : drawing ? setDrawing(false) : setSelectedId(null)),
  });

  if (loadError && (!pts || !data)) return <p className="text-red-700" role="alert">{loadError}</p>;
  if (!pts || !data) return <p className="text-slate-500">Loading the timeline and tracks…</p>;

  return (
    <div className="space-y-4">
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
      <div className="grid gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(20rem,2fr)]">
        <div className="space-y-3">
          <FrameView videoId={videoId} onVideo={setVideo} width={data.width} height={data.height} frameIndex={frame} ptsMs={ptsMs} shown={stepper.shown} boxes={drawn} selectedId={selectedId} drawing={drawing} onSelect={setSelectedId} onDrawn={newTrack} onEdited={editBox} />
          <FrameNav
            frame={frame}
            last={last}
            ptsMs={ptsMs}
            pts={pts}
            go={go}
            playing={stepper.playing}
            onPlay={stepper.toggle}
            source={stepper.shown?.source ?? ""}
            drawing={drawing}
            setDrawing={setDrawing}
            undo={{ label: history.nextUndo, run: () => undoRedo("undo") }}
            redo={{ label: history.nextRedo, run: () => undoRedo("redo") }}
            onHelp={() => setHelp(true)}
          />
          <div aria-live="polite" className="min-h-5 text-sm">
            {error && <p className="text-red-700" role="alert">{error}</p>}
            {notice && <p className="text-emerald-700" data-testid="studio-notice">{notice}</p>}
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
            onNewTrack={() => draft && newTrack(draft)}
            selectedBox={drawn.find((b) => b.trackId === selectedId)?.box ?? null}
            onKeyframe={() => selectedId !== null && draft && editBox(selectedId, draft)}
          />
          <hr className="border-slate-200" />
          {selected && <OutsideButton outside={outsideHere} busy={busy} onToggle={toggleOutsideHere} />}
          {selected ? (
            <TrackPanel track={selected} tracks={tracks} frameIndex={frame} hasBoxHere={storedHere(selected.id) !== null} busy={busy} run={run} onDeleted={() => setSelectedId(null)} />
          ) : (
            <p className="text-sm text-slate-500">Select a box on the frame or a track on the timeline to edit it. Press ? for the keyboard shortcuts.</p>
          )}
        </div>
      </div>
      <section aria-labelledby="tl-h" className="card space-y-3 p-4">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="tl-h" className="text-lg font-semibold">Timeline</h2>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={showHidden} onChange={(e) => setShowHidden(e.target.checked)} />
            Show unconfirmed tracks ({hiddenCount})
          </label>
        </div>
        <TrackFilterBar
          all={tracks}
          listed={listed}
          filter={filter}
          onFilter={setFilter}
          busy={busy}
          onBulk={(action, ids) =>
            void (action === "delete"
              ? act(`${ids.length} tracks deleted`, () => structural.run(`deletion of ${ids.length} tracks`, ids, () => api(`/api/admin/videos/${videoId}/tracks/bulk`, { method: "POST", json: { action, trackIds: ids } }), () => []))
              : act(`${ids.length} tracks ${action === "hide" ? "hidden" : "shown"}`, () => edits.visibility(ids, action === "hide")))
          }
        />
        <TrackTimeline
          tracks={listed}
          keyframes={boxesByTrack}
          durationMs={pts[last] ?? 0}
          ptsMs={ptsMs}
          selectedId={selectedId}
          offCanvas={offCanvas}
          onToggleCanvas={toggleCanvas}
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
