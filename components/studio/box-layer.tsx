"use client";

import { useRef, useState } from "react";
import { labelColor } from "./colors";
import { layoutLabels } from "./label-layout";

export type Box4 = [number, number, number, number];
/** ghost: the selected track's end box shown past its span (ghost.ts); editing it extends the track. */
export type DrawnBox = { trackId: number; label: string; box: Box4; keyframe: boolean; ghost?: boolean };
type Handle = "move" | "n" | "s" | "e" | "w" | "ne" | "nw" | "se" | "sw";
type Drag = { kind: "draw"; x0: number; y0: number; x1: number; y1: number } | { kind: Handle; trackId: number; start: { x: number; y: number }; box0: Box4; box: Box4 };

const HANDLES: Handle[] = ["nw", "n", "ne", "e", "se", "s", "sw", "w"];
const MIN_SIZE = 4;

/** The box after dragging `h` by (dx, dy), kept inside the frame and at least MIN_SIZE px. */
export function dragBox(h: Handle, [x, y, w, hgt]: Box4, dx: number, dy: number, W: number, H: number): Box4 {
  if (h === "move") {
    const nx = Math.max(0, Math.min(W - w, x + dx));
    const ny = Math.max(0, Math.min(H - hgt, y + dy));
    return [nx, ny, w, hgt];
  }
  let x0 = x;
  let y0 = y;
  let x1 = x + w;
  let y1 = y + hgt;
  if (h.includes("w")) x0 = Math.max(0, Math.min(x1 - MIN_SIZE, x0 + dx));
  if (h.includes("e")) x1 = Math.min(W, Math.max(x0 + MIN_SIZE, x1 + dx));
  if (h.includes("n")) y0 = Math.max(0, Math.min(y1 - MIN_SIZE, y0 + dy));
  if (h.includes("s")) y1 = Math.min(H, Math.max(y0 + MIN_SIZE, y1 + dy));
  return [x0, y0, x1 - x0, y1 - y0];
}

const round = (b: Box4): Box4 => b.map((v) => Math.round(v * 100) / 100) as Box4;
const handleAt = (h: Handle, [x, y, w, hh]: Box4) => ({ x: h.includes("w") ? x : h.includes("e") ? x + w : x + w / 2, y: h.includes("n") ? y : h.includes("s") ? y + hh : y + hh / 2 });

/**
 * The boxes of the frame in video pixels, edited in place: click selects, the selected box moves by its
 * body and resizes by its eight handles; in draw mode a drag draws a new box. Solid = keyframe here,
 * dashed = interpolated between keyframes.
 */
export function BoxLayer(props: {
  width: number;
  height: number;
  boxes: DrawnBox[];
  selectedId: number | null;
  drawing: boolean;
  onSelect: (trackId: number | null) => void;
  onDrawn: (box: Box4) => void;
  onEdited: (trackId: number, box: Box4) => void;
}) {
  const { width: W, height: H, selectedId } = props;
  const svg = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<Drag | null>(null);
  const hs = Math.max(6, W / 110);

  const toVideo = (e: React.PointerEvent) => {
    const r = (svg.current as SVGSVGElement).getBoundingClientRect();
    return { x: Math.max(0, Math.min(W, ((e.clientX - r.left) / r.width) * W)), y: Math.max(0, Math.min(H, ((e.clientY - r.top) / r.height) * H)) };
  };
  const start = (e: React.PointerEvent, d: Drag) => {
    e.stopPropagation();
    svg.current?.setPointerCapture?.(e.pointerId);
    setDrag(d);
  };
  const shown = props.boxes.map((b) => (drag && drag.kind !== "draw" && drag.trackId === b.trackId ? { ...b, box: drag.box, keyframe: true, ghost: false } : b));
  // The selected box last (drawn on top) but its label placed first.
  const ordered = [...shown.filter((b) => b.trackId !== selectedId), ...shown.filter((b) => b.trackId === selectedId)];
  const labels = new Map(layoutLabels([...ordered].reverse().map((b) => ({ key: b.trackId, box: b.box, text: `#${b.trackId} ${b.label}` })), W, H).map((l) => [l.key, l]));
  const draft = drag?.kind === "draw" ? { x: Math.min(drag.x0, drag.x1), y: Math.min(drag.y0, drag.y1), w: Math.abs(drag.x1 - drag.x0), h: Math.abs(drag.y1 - drag.y0) } : null;

  return (
    <svg
      ref={svg}
      viewBox={`0 0 ${W} ${H}`}
      className={`absolute inset-0 h-full w-full touch-none select-none ${props.drawing ? "cursor-crosshair" : ""}`}
      data-testid="frame-overlay"
      onPointerDown={(e) => {
        if (props.drawing) {
          const p = toVideo(e);
          start(e, { kind: "draw", x0: p.x, y0: p.y, x1: p.x, y1: p.y });
        } else props.onSelect(null);
      }}
      onPointerMove={(e) => {
        if (!drag) return;
        const p = toVideo(e);
        if (drag.kind === "draw") setDrag({ ...drag, x1: p.x, y1: p.y });
        else setDrag({ ...drag, box: dragBox(drag.kind, drag.box0, p.x - drag.start.x, p.y - drag.start.y, W, H) });
      }}
      onPointerUp={() => {
        if (drag?.kind === "draw" && draft && draft.w >= MIN_SIZE && draft.h >= MIN_SIZE) props.onDrawn(round([draft.x, draft.y, draft.w, draft.h]));
        if (drag && drag.kind !== "draw" && drag.box.some((v, i) => Math.abs(v - (drag.box0[i] as number)) > 0.25)) props.onEdited(drag.trackId, round(drag.box));
        setDrag(null);
      }}
    >
      {ordered.map((b) => {
        const c = labelColor(b.label);
        const sel = b.trackId === selectedId;
        const l = labels.get(b.trackId);
        return (
          <g key={b.trackId} data-track-box={b.trackId} data-box={JSON.stringify(b.box)} data-ghost={b.ghost ? "" : undefined} opacity={b.ghost ? 0.85 : undefined} className={props.drawing ? "pointer-events-none" : ""}>
            <rect
              x={b.box[0]}
              y={b.box[1]}
              width={b.box[2]}
              height={b.box[3]}
              fill={b.ghost ? "rgba(255,255,255,0.3)" : sel ? "rgba(255,255,255,0.12)" : "rgba(0,0,0,0)"}
              stroke={c}
              strokeWidth={sel ? 4 : 2}
              strokeDasharray={b.ghost ? "10 6" : b.keyframe ? undefined : "6 4"}
              className={sel ? "cursor-move" : "cursor-pointer"}
              onPointerDown={(e) => {
                if (props.drawing) return;
                if (!sel) {
                  e.stopPropagation();
                  props.onSelect(b.trackId);
                  return;
                }
                start(e, { kind: "move", trackId: b.trackId, start: toVideo(e), box0: b.box, box: b.box });
              }}
            />
            {l && (
              <g className="pointer-events-none">
                <rect x={l.x} y={l.y} width={l.w} height={l.h} fill="rgba(0,0,0,0.55)" rx={3} />
                <text x={l.x + 4} y={l.y + l.h - 5} fill="white" fontSize={14} fontWeight={600}>
                  #{b.trackId} {b.label}
                </text>
              </g>
            )}
            {sel &&
              !props.drawing &&
              HANDLES.map((h) => {
                const p = handleAt(h, b.box);
                return (
                  <rect
                    key={h}
                    data-handle={h}
                    x={p.x - hs / 2}
                    y={p.y - hs / 2}
                    width={hs}
                    height={hs}
                    fill="white"
                    stroke={c}
                    strokeWidth={2}
                    style={{ cursor: `${h}-resize` }}
                    onPointerDown={(e) => start(e, { kind: h, trackId: b.trackId, start: toVideo(e), box0: b.box, box: b.box })}
                  />
                );
              })}
          </g>
        );
      })}
      {draft && <rect x={draft.x} y={draft.y} width={draft.w} height={draft.h} fill="rgba(59,130,246,0.2)" stroke="#3b82f6" strokeWidth={2} data-testid="draft-box" />}
    </svg>
  );
}
