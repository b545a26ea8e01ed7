"use client";

import { useRef, useState } from "react";
import { labelColor } from "./colors";

export type DrawnBox = { trackId: number; label: string; box: [number, number, number, number]; keyframe: boolean };

/**
 * The exact frame (from /api/videos/:id/frame at the frame's own pts) with the boxes of that frame
 * drawn over it in video pixels; in draw mode a mouse drag draws a new box.
 */
export function FrameView(props: {
  videoId: number;
  width: number;
  height: number;
  frameIndex: number;
  ptsMs: number;
  boxes: DrawnBox[];
  selectedId: number | null;
  drawing: boolean;
  onSelect: (trackId: number) => void;
  onDrawn: (box: [number, number, number, number]) => void;
}) {
  const { width: W, height: H } = props;
  const svgRef = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<{ x0: number; y0: number; x1: number; y1: number } | null>(null);
  const [loaded, setLoaded] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const src = `/api/videos/${props.videoId}/frame?t=${props.ptsMs}`;

  const toVideo = (e: React.PointerEvent): { x: number; y: number } => {
    const r = (svgRef.current as SVGSVGElement).getBoundingClientRect();
    return { x: Math.max(0, Math.min(W, ((e.clientX - r.left) / r.width) * W)), y: Math.max(0, Math.min(H, ((e.clientY - r.top) / r.height) * H)) };
  };
  const rect = drag ? { x: Math.min(drag.x0, drag.x1), y: Math.min(drag.y0, drag.y1), w: Math.abs(drag.x1 - drag.x0), h: Math.abs(drag.y1 - drag.y0) } : null;

  return (
    <div className="relative w-full overflow-hidden rounded bg-black" style={{ aspectRatio: `${W} / ${H}` }}>
      {/* eslint-disable-next-line @next/next/no-img-element -- the exact frame from our own route */}
      <img
        src={src}
        alt={`Frame ${props.frameIndex} at ${props.ptsMs.toFixed(3)} ms`}
        className="absolute inset-0 h-full w-full"
        onLoad={() => {
          setLoaded(src);
          setFailed(null);
        }}
        onError={() => setFailed(src)}
      />
      {loaded !== src && failed !== src && <p className="absolute left-2 top-2 rounded bg-black/60 px-2 py-1 text-xs text-white">Loading frame…</p>}
      {failed === src && <p className="absolute left-2 top-2 rounded bg-red-700 px-2 py-1 text-xs text-white">Could not load this frame.</p>}
      <svg
        ref={svgRef}
        viewBox={`0 0 ${W} ${H}`}
        className={`absolute inset-0 h-full w-full ${props.drawing ? "cursor-crosshair" : ""}`}
        data-testid="frame-overlay"
        onPointerDown={(e) => {
          if (!props.drawing) return;
          const p = toVideo(e);
          (e.target as Element).setPointerCapture?.(e.pointerId);
          setDrag({ x0: p.x, y0: p.y, x1: p.x, y1: p.y });
        }}
        onPointerMove={(e) => {
          if (drag) {
            const p = toVideo(e);
            setDrag({ ...drag, x1: p.x, y1: p.y });
          }
        }}
        onPointerUp={() => {
          if (rect && rect.w >= 4 && rect.h >= 4) props.onDrawn([Math.round(rect.x), Math.round(rect.y), Math.round(rect.w), Math.round(rect.h)]);
          setDrag(null);
        }}
      >
        {props.boxes.map((b) => {
          const c = labelColor(b.label);
          const sel = b.trackId === props.selectedId;
          return (
            <g key={b.trackId} onClick={() => !props.drawing && props.onSelect(b.trackId)} className={props.drawing ? "pointer-events-none" : "cursor-pointer"}>
              <rect x={b.box[0]} y={b.box[1]} width={b.box[2]} height={b.box[3]} fill={sel ? "rgba(255,255,255,0.12)" : "transparent"} stroke={c} strokeWidth={sel ? 4 : 2} strokeDasharray={b.keyframe ? undefined : "6 4"} />
              <text x={b.box[0] + 4} y={Math.max(14, b.box[1] - 4)} fill="white" stroke="black" strokeWidth={3} paintOrder="stroke" fontSize={14} fontWeight={600}>
                #{b.trackId} {b.label}
              </text>
            </g>
          );
        })}
        {rect && <rect x={rect.x} y={rect.y} width={rect.w} height={rect.h} fill="rgba(59,130,246,0.2)" stroke="#3b82f6" strokeWidth={2} />}
      </svg>
    </div>
  );
}
