"use client";

import { useState } from "react";
import { frameAtMs } from "./frames";

/** Playback and frame stepping, jump to a frame or a time, draw mode, undo/redo and the shortcut help. */
export function FrameNav(props: {
  frame: number;
  last: number;
  ptsMs: number;
  pts: readonly number[];
  go: (i: number) => void;
  playing: boolean;
  onPlay: () => void;
  source: string;
  drawing: boolean;
  setDrawing: (d: boolean) => void;
  undo: { label: string | null; run: () => void };
  redo: { label: string | null; run: () => void };
  onHelp: () => void;
}) {
  const [target, setTarget] = useState("");
  const [unit, setUnit] = useState<"frame" | "ms">("frame");
  const { frame, last, go } = props;
  return (
    <div className="flex flex-wrap items-end gap-2 text-sm">
      <button type="button" className="btn-secondary" onClick={() => go(frame - 1)} disabled={frame <= 0} aria-label="Previous frame" title="Previous frame (D or ←)">
        ← Prev
      </button>
      <button type="button" className="btn-secondary" onClick={props.onPlay} aria-label={props.playing ? "Pause" : "Play"} title="Play / pause (Space)">
        {props.playing ? "❚❚ Pause" : "▶ Play"}
      </button>
      <button type="button" className="btn-secondary" onClick={() => go(frame + 1)} disabled={frame >= last} aria-label="Next frame" title="Next frame (F or →)">
        Next →
      </button>
      <p className="tabular-nums" data-testid="frame-status" aria-live="polite">
        Frame <strong>{frame}</strong> / {last} · {props.ptsMs.toFixed(3)} ms
        {props.source && <span className="ml-1 text-xs text-slate-500">({props.source === "video" ? "video, exact" : "server frame"})</span>}
      </p>
      <form
        className="flex items-end gap-1"
        onSubmit={(e) => {
          e.preventDefault();
          const n = Number(target);
          if (!Number.isFinite(n)) return;
          go(unit === "frame" ? n : frameAtMs(props.pts, n));
        }}
      >
        <label className="sr-only" htmlFor="jump-to">Jump to</label>
        <input id="jump-to" className="input w-24" inputMode="decimal" placeholder={unit === "frame" ? "frame" : "ms"} value={target} onChange={(e) => setTarget(e.target.value)} />
        <label className="sr-only" htmlFor="jump-unit">Unit</label>
        <select id="jump-unit" className="input w-24" value={unit} onChange={(e) => setUnit(e.target.value as "frame" | "ms")}>
          <option value="frame">frame</option>
          <option value="ms">ms</option>
        </select>
        <button className="btn-secondary" type="submit">Go</button>
      </form>
      <button type="button" className={props.drawing ? "btn-primary" : "btn-secondary"} aria-pressed={props.drawing} onClick={() => props.setDrawing(!props.drawing)} title="New box (N)">
        {props.drawing ? "Drawing: drag on the frame (Esc)" : "New box (N)"}
      </button>
      <button type="button" className="btn-secondary" disabled={!props.undo.label} onClick={props.undo.run} title={props.undo.label ? `Undo ${props.undo.label} (Ctrl+Z)` : "Nothing to undo"}>
        Undo
      </button>
      <button type="button" className="btn-secondary" disabled={!props.redo.label} onClick={props.redo.run} title={props.redo.label ? `Redo ${props.redo.label} (Ctrl+Shift+Z)` : "Nothing to redo"}>
        Redo
      </button>
      <button type="button" className="btn-secondary" onClick={props.onHelp} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
        ?
      </button>
    </div>
  );
}
