// Pure shaping of analytics rows for the charts (server-computed, rendered as SVG).

export const HEAT_COLUMNS = 32;

export interface HeatGrid {
  /** Cell edge in video pixels (square cells). */
  cellPx: number;
  cols: number;
  rows: number;
  /** Non-empty cells only. */
  cells: { gx: number; gy: number; n: number }[];
  max: number;
  total: number;
}

export function heatCellPx(width: number, columns = HEAT_COLUMNS): number {
  return Math.max(1, width / columns);
}

/** Grid rows from SQL → a bounded grid (clicks past the edge, e.g. x = width, fold into the last cell). */
export function heatGrid(rows: readonly { gx: number; gy: number; n: number }[], width: number, height: number, columns = HEAT_COLUMNS): HeatGrid {
  const cellPx = heatCellPx(width, columns);
  const cols = Math.max(1, Math.ceil(width / cellPx - 1e-9));
  const rowsN = Math.max(1, Math.ceil(height / cellPx - 1e-9));
  const merged = new Map<string, { gx: number; gy: number; n: number }>();
  for (const r of rows) {
    const gx = Math.min(cols - 1, Math.max(0, r.gx));
    const gy = Math.min(rowsN - 1, Math.max(0, r.gy));
    const k = `${gx},${gy}`;
    const e = merged.get(k);
    if (e) e.n += r.n;
    else merged.set(k, { gx, gy, n: r.n });
  }
  const cells = [...merged.values()].sort((a, b) => a.gy - b.gy || a.gx - b.gx);
  return { cellPx, cols, rows: rowsN, cells, max: cells.reduce((m, c) => Math.max(m, c.n), 0), total: cells.reduce((s, c) => s + c.n, 0) };
}

/** Clicks per (time bin, cell): enough to draw the heat map of any window of bins without a round trip. */
export interface HeatTimeline {
  binS: number;
  durationS: number;
  cellPx: number;
  cols: number;
  rows: number;
  /** Non-empty (bin, cell) pairs, by bin. */
  cells: { bin: number; gx: number; gy: number; n: number }[];
}

export function heatTimeline(
  rows: readonly { bin: number; gx: number; gy: number; n: number }[],
  width: number,
  height: number,
  binS: number,
  durationS: number,
  columns = HEAT_COLUMNS,
): HeatTimeline {
  const { cellPx, cols, rows: rowsN } = heatGrid([], width, height, columns);
  const cells = rows
    .filter((r) => r.bin >= 0)
    .map((r) => ({ bin: r.bin, gx: Math.min(cols - 1, Math.max(0, r.gx)), gy: Math.min(rowsN - 1, Math.max(0, r.gy)), n: r.n }))
    .sort((a, b) => a.bin - b.bin || a.gy - b.gy || a.gx - b.gx);
  const lastBin = cells.reduce((m, c) => Math.max(m, c.bin), -1);
  return { binS, durationS: Math.max(durationS, (lastBin + 1) * binS), cellPx, cols, rows: rowsN, cells };
}

/** The bins a window [fromS, toS) of video time covers (a bin counts when it starts inside the window). */
export function windowBins(t: Pick<HeatTimeline, "binS">, fromS: number, toS: number): { first: number; last: number } {
  const first = Math.max(0, Math.round(fromS / t.binS));
  return { first, last: Math.max(first, Math.round(toS / t.binS) - 1) };
}

/** The heat grid of the clicks whose video time falls in [fromS, toS) (whole bins). */
export function heatWindow(t: HeatTimeline, fromS: number, toS: number): HeatGrid {
  const { first, last } = windowBins(t, fromS, toS);
  const merged = new Map<string, { gx: number; gy: number; n: number }>();
  for (const c of t.cells) {
    if (c.bin < first || c.bin > last) continue;
    const k = `${c.gx},${c.gy}`;
    const e = merged.get(k);
    if (e) e.n += c.n;
    else merged.set(k, { gx: c.gx, gy: c.gy, n: c.n });
  }
  const cells = [...merged.values()].sort((a, b) => a.gy - b.gy || a.gx - b.gx);
  return { cellPx: t.cellPx, cols: t.cols, rows: t.rows, cells, max: cells.reduce((m, c) => Math.max(m, c.n), 0), total: cells.reduce((s, c) => s + c.n, 0) };
}

/** A round bin width giving about `target` bins over the video. */
export function histogramBinS(durationS: number, target = 40): number {
  if (!(durationS > 0)) return 1;
  const raw = durationS / target;
  const steps = [0.1, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600];
  return steps.find((s) => s >= raw) ?? 600;
}

export interface Histogram {
  binS: number;
  bins: { fromS: number; n: number; matched: number }[];
  max: number;
}

/** Dense bins from 0 to the video's end (or the last click past it), zeros included. */
export function histogram(rows: readonly { bin: number; n: number; matched: number }[], durationS: number, binS: number): Histogram {
  const lastRow = rows.reduce((m, r) => Math.max(m, r.bin), -1);
  const count = Math.max(Math.ceil(durationS / binS - 1e-9), lastRow + 1, 1);
  const byBin = new Map(rows.map((r) => [r.bin, r]));
  const bins = Array.from({ length: count }, (_, i) => ({ fromS: i * binS, n: byBin.get(i)?.n ?? 0, matched: byBin.get(i)?.matched ?? 0 }));
  return { binS, bins, max: bins.reduce((m, b) => Math.max(m, b.n), 0) };
}

/** a / b as a percentage with one decimal, or null when b is 0. */
export function percent(a: number, b: number): number | null {
  return b > 0 ? Math.round((1000 * a) / b) / 10 : null;
}

export function funnelSteps(t: { clicks: number; matchedClicks: number; cartAdds: number; paidOrders: number }) {
  return [
    { key: "clicks", label: "Clicks", n: t.clicks, ofPrev: null as number | null },
    { key: "matched", label: "Matched clicks", n: t.matchedClicks, ofPrev: percent(t.matchedClicks, t.clicks) },
    { key: "cart", label: "Cart adds", n: t.cartAdds, ofPrev: percent(t.cartAdds, t.matchedClicks) },
    { key: "orders", label: "Paid orders", n: t.paidOrders, ofPrev: percent(t.paidOrders, t.cartAdds) },
  ];
}
