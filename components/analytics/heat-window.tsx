"use client";

import { useMemo, useState } from "react";
import { HeatMap } from "@/components/analytics/charts";
import { heatWindow, type HeatTimeline } from "@/lib/analytics/shape";

const fmt = (s: number) => (s < 60 ? `${s.toFixed(s % 1 ? 2 : 0)} s` : `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, "0")}`);

/**
 * The heat map of one window of video time over a frame from the middle of that window: a slider moves
 * the window (whole bins), a select sets its length. Clicks of other moments are not drawn, so a click on
 * a passing person never lands on what the frame shows later.
 */
export function HeatMapWindow({ timeline, videoId, width, height, title, peakS }: { timeline: HeatTimeline; videoId: number; width: number; height: number; title: string; peakS: number }) {
  const { binS, durationS } = timeline;
  const lengths = useMemo(() => {
    const out = [1, 4, 10, 40].map((k) => k * binS).filter((s) => s < durationS);
    return [...out, durationS];
  }, [binS, durationS]);
  const [lengthS, setLengthS] = useState(lengths[Math.min(1, lengths.length - 1)]!);
  const maxFrom = Math.max(0, durationS - lengthS);
  const snap = (s: number) => Math.min(maxFrom, Math.max(0, Math.round(s / binS) * binS));
  const [fromS, setFromS] = useState(() => snap(peakS - lengthS / 2));
  const from = Math.min(fromS, maxFrom);
  const toS = Math.min(durationS, from + lengthS);
  const grid = useMemo(() => heatWindow(timeline, from, toS), [timeline, from, toS]);
  // The frame under the clicks: the window's middle, in whole milliseconds.
  const frameMs = Math.round(((from + toS) / 2) * 1000);
  return (
    <div className="space-y-3" data-testid="heat-window" data-from-s={from} data-to-s={toS}>
      <HeatMap grid={grid} frameUrl={`/api/videos/${videoId}/frame?t=${frameMs}&w=640`} width={width} height={height} title={title} />
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <label className="flex flex-1 items-center gap-2">
          <span className="whitespace-nowrap">Window</span>
          <input
            type="range"
            className="flex-1"
            min={0}
            max={maxFrom}
            step={binS}
            value={from}
            onChange={(e) => setFromS(snap(Number(e.target.value)))}
            aria-label="Start of the time window"
            disabled={maxFrom === 0}
          />
        </label>
        <label className="flex items-center gap-2">
          <span>Length</span>
          <select
            className="rounded border border-slate-300 px-2 py-1"
            value={lengthS}
            onChange={(e) => {
              const next = Number(e.target.value);
              setFromS(Math.max(0, Math.round((from + lengthS / 2 - next / 2) / binS) * binS));
              setLengthS(next);
            }}
            aria-label="Length of the time window"
          >
            {lengths.map((s) => (
              <option key={s} value={s}>
                {s === durationS ? "Whole video" : fmt(s)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="text-xs text-slate-600" data-testid="heat-window-label">
        Clicks from {fmt(from)} to {fmt(toS)} of video time, over the frame at {fmt(frameMs / 1000)}.
      </p>
    </div>
  );
}
