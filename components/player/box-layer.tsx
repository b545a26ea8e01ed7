"use client";

import type { DrawnFrame } from "@/lib/player/sync";

const COLOURS = ["#f59e0b", "#10b981", "#3b82f6", "#ef4444", "#a855f7", "#ec4899", "#14b8a6", "#eab308"];
export const colourFor = (trackId: number) => COLOURS[trackId % COLOURS.length] as string;

/**
 * The drawn boxes, in video pixels: the SVG's viewBox is the video's size with xMidYMid meet, which
 * maps exactly like the video element's object-fit: contain (same letterbox, same scale).
 */
export function BoxLayer(props: {
  frame: DrawnFrame;
  source: string;
  width: number;
  height: number;
  names: ReadonlyMap<number, string>;
  hovered: number | null;
  onHover: (trackId: number | null) => void;
  onActivate: (trackId: number, centre: { x: number; y: number }) => void;
}) {
  const { frame, width, height } = props;
  const stroke = Math.max(2, width / 320);
  const font = Math.max(12, width / 40);
  return (
    <svg
      className="absolute inset-0 h-full w-full"
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="xMidYMid meet"
      data-testid="overlay"
      data-frame-index={frame.frameIndex ?? ""}
      data-pts-ms={frame.ptsMs ?? ""}
      data-source={props.source}
      aria-label="Objects in this frame"
      role="group"
    >
      {frame.boxes.map((b) => {
        const [x, y, w, h] = b.box;
        const c = colourFor(b.trackId);
        const product = b.productId !== null ? props.names.get(b.productId) : undefined;
        const text = product ? `${b.label} · ${product}` : b.label;
        const show = props.hovered === b.trackId;
        return (
          <g
            key={b.trackId}
            tabIndex={0}
            role="button"
            aria-label={product ? `${b.label}: ${product}. Press Enter to see it.` : `${b.label}. Press Enter to look it up.`}
            className="cursor-pointer outline-none"
            onMouseEnter={() => props.onHover(b.trackId)}
            onMouseLeave={() => props.onHover(null)}
            onFocus={() => props.onHover(b.trackId)}
            onBlur={() => props.onHover(null)}
            onKeyDown={(e) => {
              if (e.key !== "Enter" && e.key !== " ") return;
              e.preventDefault();
              props.onActivate(b.trackId, { x: x + w / 2, y: y + h / 2 });
            }}
          >
            <rect
              data-track-id={b.trackId}
              data-frame-index={frame.frameIndex ?? ""}
              data-box={JSON.stringify(b.box)}
              data-label={b.label}
              data-product-id={b.productId ?? ""}
              x={x}
              y={y}
              width={w}
              height={h}
              fill={show ? `${c}33` : "transparent"}
              stroke={c}
              strokeWidth={show ? stroke * 2 : stroke}
              strokeDasharray={product ? undefined : `${stroke * 3} ${stroke * 2}`}
              pointerEvents="all"
            />
            {show && (
              <g pointerEvents="none">
                <rect x={x} y={Math.max(0, y - font * 1.5)} width={Math.min(width - x, text.length * font * 0.6 + font)} height={font * 1.5} fill={c} />
                <text x={x + font / 2} y={Math.max(0, y - font * 1.5) + font * 1.1} fontSize={font} fill="#0f172a" fontWeight={600}>
                  {text}
                </text>
              </g>
            )}
          </g>
        );
      })}
    </svg>
  );
}
