import { describe, expect, it } from "vitest";
import { dragBox } from "@/components/studio/box-layer";
import { layoutLabels } from "@/components/studio/label-layout";
import { filterTracks, NO_FILTER } from "@/components/studio/track-filter";
import type { StudioTrack } from "@/components/studio/api";

// The studio's pure editing helpers: handle drags, label placement, the track filter.

describe("dragBox", () => {
  it("moves a box, kept inside the frame", () => {
    expect(dragBox("move", [10, 10, 50, 40], 20, 5, 640, 360)).toEqual([30, 15, 50, 40]);
    expect(dragBox("move", [10, 10, 50, 40], 1000, -100, 640, 360)).toEqual([590, 0, 50, 40]);
  });
  it("resizes by a corner or an edge, never below 4 px nor past the frame", () => {
    expect(dragBox("se", [10, 10, 50, 40], 10, 20, 640, 360)).toEqual([10, 10, 60, 60]);
    expect(dragBox("nw", [10, 10, 50, 40], -20, -5, 640, 360)).toEqual([0, 5, 60, 45]);
    expect(dragBox("e", [10, 10, 50, 40], -100, 0, 640, 360)).toEqual([10, 10, 4, 40]);
    expect(dragBox("s", [10, 10, 50, 40], 0, 1000, 640, 360)).toEqual([10, 10, 50, 350]);
  });
});

describe("layoutLabels", () => {
  const overlap = (a: { x: number; y: number; w: number; h: number }, b: typeof a) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  it("puts the labels of ten stacked boxes where none overlaps another", () => {
    const items = Array.from({ length: 10 }, (_, i) => ({ key: i, box: [100 + i * 3, 100 + i * 2, 80, 120] as const, text: `#${i} person` }));
    const placed = layoutLabels(items, 640, 360);
    expect(placed).toHaveLength(10);
    for (const [i, a] of placed.entries()) for (const b of placed.slice(i + 1)) expect(overlap(a, b)).toBe(false);
    for (const p of placed) expect(p.x >= 0 && p.y >= 0 && p.x + p.w <= 640 && p.y + p.h <= 360).toBe(true);
  });
  it("keeps a lone label just above its box", () => {
    expect(layoutLabels([{ key: 1, box: [50, 60, 20, 20], text: "#1 cup" }], 640, 360)[0]).toMatchObject({ x: 50, y: 42 });
  });
});

describe("filterTracks", () => {
  const t = (id: number, label: string, frames: number, score: number) => ({ id, label, score, firstFrame: 10, lastFrame: 10 + frames - 1 }) as StudioTrack;
  const all = [t(1, "person", 100, 0.9), t(2, "person", 3, 0.35), t(3, "cup", 5, 0.8), t(4, "person", 40, 0.4)];
  it("filters by class, length in frames and score", () => {
    expect(filterTracks(all, NO_FILTER).map((x) => x.id)).toEqual([1, 2, 3, 4]);
    expect(filterTracks(all, { ...NO_FILTER, label: "person", maxFrames: "10" }).map((x) => x.id)).toEqual([2]);
    expect(filterTracks(all, { ...NO_FILTER, maxScore: "0.5" }).map((x) => x.id)).toEqual([2, 4]);
    expect(filterTracks(all, { ...NO_FILTER, minFrames: "5", minScore: "0.5" }).map((x) => x.id)).toEqual([1, 3]);
  });
});
