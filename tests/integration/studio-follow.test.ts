import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { iou, type Box } from "@/lib/geometry/views";
import { followBox } from "@/lib/studio/follow";
import { getTimeline } from "@/lib/media/timeline-read";

// The follower on real pictures: product_demo.mp4's photos move over a photo background, and its truth
// file holds every object's exact box on every frame.

const FILE = path.join(process.cwd(), "tests/fixtures/product_demo.mp4");
type TruthFrame = { index: number; ptsMs: number; boxes: { id: string; x: number; y: number; w: number; h: number }[] };
const truth = JSON.parse(fs.readFileSync(`${FILE}.truth.json`, "utf8")) as { width: number; height: number; frames: TruthFrame[] };
const boxOf = (f: TruthFrame | undefined, id: string): Box | null => {
  const b = f?.boxes.find((o) => o.id === id);
  return b ? [b.x, b.y, b.w, b.h] : null;
};

describe("followBox on product_demo.mp4", () => {
  for (const [id, size] of [["astronaut", [180, 180]], ["cup", [210, 140]]] as const) {
    it(`follows the ${id} from a drawn box over 60 frames (truth IoU)`, async () => {
      const timeline = await getTimeline(FILE);
      expect(timeline.frameCount).toBe(truth.frames.length);
      // Start on the first frame where the object is whole (not clipped by the picture's edge).
      const start = truth.frames.find((f) => {
        const b = boxOf(f, id);
        return b && b[2] === size[0] && b[3] === size[1];
      });
      expect(start).toBeDefined();
      const startBox = boxOf(start, id) as Box;
      const res = await followBox({ file: FILE, timeline, width: truth.width, height: truth.height, startFrame: start!.index, box: startBox, frames: 60 });
      const ious = res.boxes.map((b) => {
        const f = truth.frames[b.frameIndex];
        expect(b.ptsMs).toBeCloseTo(f!.ptsMs, 3);
        const tb = boxOf(f, id);
        return tb ? iou(b.box, tb) : 0;
      });
      const mean = ious.reduce((a, b) => a + b, 0) / Math.max(1, ious.length);
      console.log(`[follow] ${id} from frame ${start!.index}: ${res.boxes.length} frames followed (${res.stopped}), mean IoU ${mean.toFixed(3)}, min ${Math.min(...ious).toFixed(3)}`);
      expect(res.boxes.length).toBeGreaterThanOrEqual(40);
      expect(mean).toBeGreaterThan(0.8);
      expect(Math.min(...ious)).toBeGreaterThan(0.5);
    });
  }

  it("stops at the first frame where it loses the target and keeps what it followed before (the dog from frame 60)", async () => {
    // From frame 60 the dog grows and slides off the bottom of the picture: the fixed-size template
    // stops matching. The follower must say where, keep frames 61…N−1, and nothing from N on.
    const timeline = await getTimeline(FILE);
    const start = truth.frames[60]!;
    const res = await followBox({ file: FILE, timeline, width: truth.width, height: truth.height, startFrame: 60, box: boxOf(start, "dog") as Box, frames: 40 });
    const ious = res.boxes.map((b) => iou(b.box, boxOf(truth.frames[b.frameIndex], "dog") as Box));
    console.log(`[follow] dog from 60: ${res.stopped} at frame ${res.lostAt}, kept ${res.boxes.length} (IoU ${ious.map((v) => v.toFixed(2)).join(" ")}), score there ${res.lastScore?.toFixed(2)}`);
    expect(res.stopped).toBe("lost");
    expect(res.lostAt).toBeGreaterThan(60);
    expect(res.lostAt).toBeLessThan(100);
    expect(res.lastScore).toBeLessThan(0.6);
    expect(res.boxes.map((b) => b.frameIndex)).toEqual(Array.from({ length: res.lostAt! - 61 }, (_, i) => 61 + i));
    // Where it let go, the truth agrees the box no longer holds the dog well; before that it did.
    expect(ious[0]).toBeGreaterThan(0.9);
    const after = truth.frames[res.lostAt!]!;
    const lastKept = res.boxes.at(-1)!.box;
    expect(iou(lastKept, boxOf(after, "dog") as Box)).toBeLessThan(0.5);
  });

  it("has nothing to follow from the last frame", async () => {
    const timeline = await getTimeline(FILE);
    const last = truth.frames.at(-1)!;
    const res = await followBox({ file: FILE, timeline, width: truth.width, height: truth.height, startFrame: last.index, box: [10, 10, 50, 50], frames: 10 });
    expect(res).toMatchObject({ boxes: [], stopped: "end", lostAt: null });
  });
});
