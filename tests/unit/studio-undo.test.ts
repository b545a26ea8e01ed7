import { describe, expect, it } from "vitest";
import type { StudioBox } from "@/components/studio/api";
import { withGhost } from "@/components/studio/ghost";
import { trackCallEffect } from "@/components/studio/structural-undo";

// Which tracks a track-panel call touches (what the studio snapshots for its undo), and the ghost of a
// track's end box on frames past its span.

describe("trackCallEffect", () => {
  it("names the tracks before and after each structural edit", () => {
    const split = trackCallEffect("/api/admin/tracks/7/split", { method: "POST", json: { frameIndex: 30 } })!;
    expect(split.before).toEqual([7]);
    expect(split.after({ trackId: 7, newTrackId: 9 })).toEqual([7, 9]);
    const merge = trackCallEffect("/api/admin/tracks/merge", { method: "POST", json: { keepId: 3, mergeId: 4 } })!;
    expect([merge.before, merge.after({})]).toEqual([[3, 4], [3]]);
    const del = trackCallEffect("/api/admin/tracks/5", { method: "DELETE" })!;
    expect([del.before, del.after({}), del.label]).toEqual([[5], [], "deletion of #5"]);
    expect(trackCallEffect("/api/admin/tracks/5", { method: "PATCH", json: { label: "cup" } })!.label).toBe("class change of #5");
    expect(trackCallEffect("/api/admin/tracks/5/follow", { method: "POST", json: { frames: 30 } })!.after({})).toEqual([5]);
    expect(trackCallEffect("/api/admin/tracks/5/keyframes?frameIndex=3", { method: "DELETE" })!.label).toBe("box removal of #5");
    expect(trackCallEffect("/api/admin/products", {})).toBeNull();
  });
});

describe("withGhost", () => {
  const box = (frameIndex: number, x: number): StudioBox => ({ trackId: 1, frameIndex, ptsMs: frameIndex * 40, x, y: 10, w: 20, h: 30, keyframe: true, outside: false });
  const boxes = [box(10, 100), box(20, 200)];
  const t = { id: 1, label: "cup" };
  it("shows the nearest end box of the selected track before its first and after its last box", () => {
    expect(withGhost([], t, boxes, 25)).toEqual([{ trackId: 1, label: "cup", box: [200, 10, 20, 30], keyframe: false, ghost: true }]);
    expect(withGhost([], t, boxes, 3)[0]!.box).toEqual([100, 10, 20, 30]);
  });
  it("shows nothing inside the span, when the track is drawn here, or with no selection", () => {
    expect(withGhost([], t, boxes, 15)).toEqual([]);
    const drawn = [{ trackId: 1, label: "cup", box: [1, 2, 3, 4] as [number, number, number, number], keyframe: false }];
    expect(withGhost(drawn, t, boxes, 25)).toBe(drawn);
    expect(withGhost([], null, boxes, 25)).toEqual([]);
  });
});
