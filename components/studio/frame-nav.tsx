"use client";

import { useState } from "react";
import { frameAtMs } from "./frames";

/** Frame stepping and jumping: buttons, a frame index or a time in ms (the frame on screen then). */
export function FrameNav(props: { frame: number; last: number; ptsMs: number; pts: readonly number[]; go: (i: number) => void; drawing: boolean; setDrawing: (d: boolean) => void }) {
  const [target, setTarget] = useState("");
  const [unit, setUnit] = useState<"frame" | "ms">("frame");
  const { frame, last, go } = props;
  return (
    <div className="flex flex-wrap items-end gap-2 text-sm">
      <button type="button" className="btn-secondary" onClick={() => go(frame - 1)} disabled={frame <= 0} aria-label="Previous frame" title="Previous frame (←)">
        ← Prev
      </button>
      <button type="button" className="btn-secondary" onClick={() => go(frame + 1)} disabled={frame >= last} aria-label="Next frame" title="Next frame (→)">
        Next →
      </button>
      <p className="tabular-nums" data-testid="frame-status" aria-live="polite">
        Frame <strong>{frame}</strong> / {last} · {props.ptsMs.toFixed(3)} ms
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
        <input id="jump-to" className="input w-28" inputMode="decimal" placeholder={unit === "frame" ? "frame" : "ms"} value={target} onChange={(e) => setTarget(e.target.value)} />
        <label className="sr-only" htmlFor="jump-unit">Unit</label>
        <select id="jump-unit" className="input w-24" value={unit} onChange={(e) => setUnit(e.target.value as "frame" | "ms")}>
          <option value="frame">frame</option>
          <option value="ms">ms</option>
        </select>
        <button className="btn-secondary" type="submit">Go</button>
      </form>
      <button type="button" className={props.drawing ? "btn-primary" : "btn-secondary"} aria-pressed={props.drawing} onClick={() => props.setDrawing(!props.drawing)}>
        {props.drawing ? "Drawing: drag on the frame (Esc)" : "Draw a box"}
      </button>
      <span className="text-xs text-slate-500">← → step a frame, Shift for 10</span>
    </div>
  );
}
