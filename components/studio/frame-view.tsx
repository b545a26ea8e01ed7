"use client";

import { useState } from "react";
import { BoxLayer, type Box4, type DrawnBox } from "./box-layer";
import type { Shown } from "./use-stepper";

export type { Box4, DrawnBox };

/**
 * The frame: the page's <video> seeked to the frame's exact pts (checked by the stepper against the
 * stored timeline), or, where the browser presented another frame, the server's PNG of the exact frame
 * over it; the editable boxes on top. data-shown-frame / data-source say which frame is on screen and
 * from where (the benchmark and the tests read them).
 */
export function FrameView(props: {
  videoId: number;
  onVideo: (el: HTMLVideoElement | null) => void;
  width: number;
  height: number;
  frameIndex: number;
  ptsMs: number;
  shown: Shown | null;
  boxes: DrawnBox[];
  selectedId: number | null;
  drawing: boolean;
  onSelect: (trackId: number | null) => void;
  onDrawn: (box: Box4) => void;
  onEdited: (trackId: number, box: Box4) => void;
}) {
  const { width: W, height: H, shown, onVideo, videoId, frameIndex, ptsMs, boxes, selectedId, drawing, onSelect, onDrawn, onEdited } = props;
  const [loaded, setLoaded] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const server = shown?.source === "server";
  const src = `/api/videos/${videoId}/frame?t=${ptsMs}`;
  const onScreen = shown ? (server ? (loaded === src ? shown.frame : null) : shown.frame) : null;

  return (
    <div
      className="relative w-full overflow-hidden rounded bg-black"
      style={{ aspectRatio: `${W} / ${H}` }}
      data-testid="frame-view"
      data-shown-frame={onScreen ?? ""}
      data-source={shown?.source ?? ""}
    >
      <video ref={onVideo} src={`/api/videos/${videoId}/file`} preload="auto" muted playsInline className="absolute inset-0 h-full w-full" data-testid="studio-video" aria-label={`Frame ${frameIndex} at ${ptsMs.toFixed(3)} ms`} />
      {server && (
        // eslint-disable-next-line @next/next/no-img-element -- the exact frame from our own route
        <img
          src={src}
          alt={`Frame ${frameIndex} at ${ptsMs.toFixed(3)} ms`}
          className="absolute inset-0 h-full w-full"
          onLoad={() => {
            setLoaded(src);
            setFailed(null);
          }}
          onError={() => setFailed(src)}
        />
      )}
      {onScreen === null && failed !== src && <p className="absolute left-2 top-2 rounded bg-black/60 px-2 py-1 text-xs text-white">Loading frame…</p>}
      {server && failed === src && <p className="absolute left-2 top-2 rounded bg-red-700 px-2 py-1 text-xs text-white">Could not load this frame.</p>}
      <BoxLayer width={W} height={H} boxes={boxes} selectedId={selectedId} drawing={drawing} onSelect={onSelect} onDrawn={onDrawn} onEdited={onEdited} />
    </div>
  );
}
