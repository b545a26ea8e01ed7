"use client";

import { formatMs } from "@/lib/player/summary";

/** Play/pause, seek, and frame steps on the exact timeline: all buttons and a range, so the keyboard reaches them. */
export function Controls(props: {
  playing: boolean;
  currentS: number;
  durationS: number;
  frameIndex: number | null;
  onToggle: () => void;
  onSeek: (s: number) => void;
  onStep: (delta: -1 | 1) => void;
}) {
  const focus = "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500";
  return (
    <div className="flex flex-wrap items-center gap-3 rounded-b-lg bg-slate-900 px-3 py-2 text-sm text-white">
      <button type="button" onClick={props.onToggle} className={`rounded bg-white/10 px-3 py-1 hover:bg-white/20 ${focus}`} aria-label={props.playing ? "Pause" : "Play"}>
        {props.playing ? "❚❚ Pause" : "▶ Play"}
      </button>
      <button type="button" onClick={() => props.onStep(-1)} className={`rounded bg-white/10 px-2 py-1 hover:bg-white/20 ${focus}`} aria-label="Previous frame">
        ◀|
      </button>
      <button type="button" onClick={() => props.onStep(1)} className={`rounded bg-white/10 px-2 py-1 hover:bg-white/20 ${focus}`} aria-label="Next frame">
        |▶
      </button>
      <input
        type="range"
        min={0}
        max={props.durationS || 0}
        step="any"
        value={Math.min(props.currentS, props.durationS || 0)}
        onChange={(e) => props.onSeek(Number(e.target.value))}
        aria-label="Seek"
        aria-valuetext={formatMs(props.currentS * 1000)}
        className={`min-w-32 grow accent-brand-500 ${focus}`}
      />
      <span className="font-mono text-xs tabular-nums" aria-live="off">
        {formatMs(props.currentS * 1000)} / {formatMs(props.durationS * 1000)}
        {props.frameIndex !== null ? ` · frame ${props.frameIndex}` : ""}
      </span>
    </div>
  );
}
