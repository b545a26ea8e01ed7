import { describe, expect, it } from "vitest";
import { funnelSteps, heatGrid, heatTimeline, heatWindow, histogram, histogramBinS, percent, windowBins } from "@/lib/analytics/shape";

describe("analytics shaping", () => {
  it("bounds the heat grid and folds edge clicks into the last cell", () => {
    const g = heatGrid([{ gx: 0, gy: 0, n: 2 }, { gx: 32, gy: 18, n: 1 }, { gx: 31, gy: 17, n: 4 }], 640, 360);
    expect(g).toMatchObject({ cellPx: 20, cols: 32, rows: 18, max: 5, total: 7 });
    expect(g.cells).toEqual([{ gx: 0, gy: 0, n: 2 }, { gx: 31, gy: 17, n: 5 }]);
    expect(heatGrid([], 640, 360)).toMatchObject({ cells: [], max: 0, total: 0 });
  });

  it("cuts the heat map to a window of video time (whole bins) and bounds the cells", () => {
    const t = heatTimeline([{ bin: 3, gx: 40, gy: 1, n: 2 }, { bin: 0, gx: 0, gy: 0, n: 1 }, { bin: 9, gx: 0, gy: 0, n: 4 }], 640, 360, 0.5, 4);
    expect(t).toMatchObject({ binS: 0.5, durationS: 5, cols: 32, rows: 18 });
    expect(t.cells.map((c) => c.bin)).toEqual([0, 3, 9]);
    expect(t.cells[1]).toEqual({ bin: 3, gx: 31, gy: 1, n: 2 });
    expect(windowBins(t, 1.5, 2)).toEqual({ first: 3, last: 3 });
    expect(heatWindow(t, 1.5, 2)).toMatchObject({ total: 2, max: 2, cells: [{ gx: 31, gy: 1, n: 2 }] });
    expect(heatWindow(t, 0, 5)).toMatchObject({ total: 7, max: 5, cells: [{ gx: 0, gy: 0, n: 5 }, { gx: 31, gy: 1, n: 2 }] });
    expect(heatWindow(t, 2, 4.5)).toMatchObject({ total: 0, cells: [] });
  });

  it("picks round histogram bins and fills empty ones", () => {
    expect(histogramBinS(10)).toBe(0.25);
    expect(histogramBinS(600)).toBe(15);
    expect(histogramBinS(0)).toBe(1);
    const h = histogram([{ bin: 1, n: 3, matched: 1 }], 2, 0.5);
    expect(h.bins).toEqual([
      { fromS: 0, n: 0, matched: 0 },
      { fromS: 0.5, n: 3, matched: 1 },
      { fromS: 1, n: 0, matched: 0 },
      { fromS: 1.5, n: 0, matched: 0 },
    ]);
    expect(h.max).toBe(3);
  });

  it("computes step conversions and guards division by zero", () => {
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(1, 0)).toBeNull();
    expect(funnelSteps({ clicks: 10, matchedClicks: 5, cartAdds: 2, paidOrders: 1 }).map((s) => s.ofPrev)).toEqual([null, 50, 40, 50]);
  });
});
