import type { HeatGrid, Histogram } from "@/lib/analytics/shape";

/** Click density over a frame of the video: the grid is in video pixels, the SVG shares the image's box. */
export function HeatMap({ grid, frameUrl, width, height, title }: { grid: HeatGrid; frameUrl: string; width: number; height: number; title: string }) {
  return (
    <figure className="space-y-2">
      <div className="relative w-full overflow-hidden rounded-md bg-black" style={{ aspectRatio: `${width} / ${height}` }}>
        {/* eslint-disable-next-line @next/next/no-img-element -- the exact frame, from our frame route */}
        <img src={frameUrl} alt={`A frame of ${title}`} className="absolute inset-0 h-full w-full object-contain" />
        <svg className="absolute inset-0 h-full w-full" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="xMidYMid meet" role="img" aria-label={`Heat map of ${grid.total} click${grid.total === 1 ? "" : "s"}`} data-testid="heatmap">
          {grid.cells.map((c) => {
            const a = grid.max > 0 ? c.n / grid.max : 0;
            return (
              <rect key={`${c.gx},${c.gy}`} x={c.gx * grid.cellPx} y={c.gy * grid.cellPx} width={grid.cellPx} height={grid.cellPx} fill={`hsl(${Math.round(50 - 50 * a)} 100% 50%)`} fillOpacity={0.25 + 0.55 * a} stroke="white" strokeOpacity={0.9} strokeWidth={1.5} data-n={c.n}>
                <title>{`${c.n} click${c.n === 1 ? "" : "s"}`}</title>
              </rect>
            );
          })}
        </svg>
      </div>
      <figcaption className="text-xs text-slate-500">
        {grid.total === 0 ? "No clicks on the picture yet." : `${grid.total} click${grid.total === 1 ? "" : "s"} in ${Math.round(grid.cellPx)} px cells (outlined); the hottest cell has ${grid.max}.`}
      </figcaption>
    </figure>
  );
}

const fmtS = (s: number, short = false) => (short ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, "0")}`);

/** Clicks over video time (matched part darker). */
export function TimeHistogram({ h }: { h: Histogram }) {
  const W = 600;
  const H = 200;
  const pad = 32;
  const short = h.bins.length * h.binS < 60;
  const bw = (W - pad) / Math.max(1, h.bins.length);
  const max = Math.max(1, h.max);
  const y = (n: number) => ((H - pad) * n) / max;
  const total = h.bins.reduce((s, b) => s + b.n, 0);
  return (
    <figure className="space-y-2">
      <svg viewBox={`0 0 ${W} ${H}`} className="w-full" role="img" aria-label={`Clicks over video time: ${total} clicks in ${h.bins.length} bins of ${h.binS} s`} data-testid="histogram">
        <line x1={pad} y1={H - pad} x2={W} y2={H - pad} stroke="#cbd5e1" />
        <text x={pad - 6} y={16} fontSize={16} textAnchor="end" fill="#64748b">{h.max}</text>
        {h.bins.map((b, i) => (
          <g key={i} data-from-s={b.fromS} data-n={b.n}>
            <rect x={pad + i * bw + 1} y={H - pad - y(b.n)} width={Math.max(1, bw - 2)} height={y(b.n)} fill="#93c5fd" />
            <rect x={pad + i * bw + 1} y={H - pad - y(b.matched)} width={Math.max(1, bw - 2)} height={y(b.matched)} fill="#1f57cc" />
            <title>{`${fmtS(b.fromS, short)}–${fmtS(b.fromS + h.binS, short)}: ${b.n} clicks, ${b.matched} matched`}</title>
          </g>
        ))}
        {[0, 0.25, 0.5, 0.75, 1].map((f) => {
          const i = Math.round(f * (h.bins.length - 1));
          return (
            <text key={f} x={pad + i * bw + bw / 2} y={H - 8} fontSize={16} fill="#64748b" textAnchor={f === 0 ? "start" : f === 1 ? "end" : "middle"}>
              {fmtS(h.bins[i]?.fromS ?? 0, short)}
            </text>
          );
        })}
      </svg>
      <figcaption className="text-xs text-slate-500">
        {total === 0 ? "No clicks yet." : `Light: all clicks; dark: matched. Bins of ${h.binS} s.`}
      </figcaption>
    </figure>
  );
}
