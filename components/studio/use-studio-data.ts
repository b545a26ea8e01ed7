"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import { boxesAt, buildVideoIndex } from "@/lib/match/engine";
import { loadStudio, loadTimeline, type StudioBox, type StudioData, type StudioTrack } from "./api";
import type { DrawnBox } from "./box-layer";

/** The video's exact timeline, its tracks and boxes, and the boxes drawn on a frame (as matching sees them). */
export function useStudioData(videoId: number) {
  const [pts, setPts] = useState<number[] | null>(null);
  const [data, setData] = useState<StudioData | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const reload = useCallback(async () => setData(await loadStudio(videoId)), [videoId]);
  useEffect(() => {
    let live = true;
    Promise.all([loadTimeline(videoId), loadStudio(videoId)])
      .then(([t, d]) => {
        if (!live) return;
        setPts(t.ptsMs);
        setData(d);
      })
      .catch((e: Error) => live && setLoadError(e.message));
    return () => {
      live = false;
    };
  }, [videoId]);
  const boxesByTrack = useMemo(() => {
    const m = new Map<number, StudioBox[]>();
    for (const b of data?.boxes ?? []) {
      let l = m.get(b.trackId);
      if (!l) m.set(b.trackId, (l = []));
      l.push(b);
    }
    return m;
  }, [data]);
  return { pts, data, loadError, reload, boxesByTrack };
}

/** Boxes of `tracks` on frame `frame` (interpolated between keyframes: keyframe false), the same engine as clicks. */
export function useDrawnBoxes(pts: number[] | null, data: StudioData | null, tracks: StudioTrack[], boxesByTrack: Map<number, StudioBox[]>, frame: number): DrawnBox[] {
  const index = useMemo(
    () =>
      pts && data
        ? buildVideoIndex({ timeline: pts, tracks: tracks.map((t) => ({ trackId: t.id, label: t.label, boxes: boxesByTrack.get(t.id) ?? [] })), width: data.width, height: data.height })
        : null,
    [pts, data, tracks, boxesByTrack],
  );
  const ptsMs = pts?.[frame] ?? 0;
  return useMemo(() => {
    if (!index) return [];
    return boxesAt(index, ptsMs).map((b) => ({ trackId: b.trackId, label: b.label, box: b.box as DrawnBox["box"], keyframe: (boxesByTrack.get(b.trackId) ?? []).some((s) => s.frameIndex === frame && s.keyframe) }));
  }, [index, ptsMs, frame, boxesByTrack]);
}
