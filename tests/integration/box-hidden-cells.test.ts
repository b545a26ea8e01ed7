import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { loadMatchData } from "@/db/queries/clicks";
import { upsertTrackBoxes } from "@/db/queries/track-edits";
import { analysisRuns, videos } from "@/db/schema";
import { persistRunTracks } from "@/lib/analysis/persist";
import { detectionsDocumentSchema } from "@/lib/analysis/schema";
import { createTestDb, TEST_DB } from "../helpers/db";

// A box's hidden cells (lib/track/visibility.ts) travel from the detections document into track_boxes
// and back to the click index; an admin's edit of that box clears them (the cells were the analysis'
// view of the old box). The document refuses cells that are not hex.

let drop: () => Promise<void>;
let videoId: number;
const CELLS = "f".repeat(10) + "0".repeat(71);

beforeAll(async () => {
  ({ drop } = await createTestDb());
  const [v] = await (await getDb()).insert(videos).values({ youtubeId: "cellsvideo0", title: "cells", storageKey: "videos/none.mp4", sizeBytes: 1, width: 640, height: 360, frameCount: 36, status: "ready" }).returning();
  videoId = v!.id;
});
afterAll(async () => drop());

describe(`hidden cells are stored with the boxes (${TEST_DB})`, () => {
  it("keeps them from the document, serves them to the click index, and clears them when an admin edits the box", async () => {
    const doc = detectionsDocumentSchema.parse({
      videoId: "cellsvideo0",
      width: 640,
      height: 360,
      model: "centernet",
      backend: "wasm",
      analysisFps: 5,
      frames: [0, 1, 2].map((i) => ({ index: i * 6, ptsMs: i * 200, objects: [{ trackId: 1, label: "dog", score: 0.9, box: [10 + i, 50, 80, 120], ...(i === 1 ? { hiddenCells: CELLS } : {}) }] })),
      tracks: [{ trackId: 1, label: "dog", firstMs: 0, lastMs: 400 }],
    });
    const [run] = await (await getDb()).insert(analysisRuns).values({ videoId, kind: "objects", status: "succeeded" }).returning();
    await persistRunTracks(videoId, run!.id, doc);
    const before = await loadMatchData(videoId);
    expect(before.boxes.map((b) => [b.frameIndex, b.hiddenCells])).toEqual([
      [0, null],
      [6, CELLS],
      [12, null],
    ]);
    await upsertTrackBoxes(before.boxes[1]!.trackId, [{ frameIndex: 6, ptsMs: 200, x: 30, y: 50, w: 80, h: 120, score: 1, keyframe: true }]);
    const after = await loadMatchData(videoId);
    expect(after.boxes.find((b) => b.frameIndex === 6)).toMatchObject({ x: 30, hiddenCells: null });
  });

  it("the detections document refuses cells that are not hex digits", () => {
    const bad = { videoId: "cellsvideo0", width: 640, height: 360, model: "centernet", backend: "wasm", analysisFps: 5, frames: [{ index: 0, ptsMs: 0, objects: [{ trackId: 1, label: "dog", score: 0.9, box: [0, 0, 10, 10], hiddenCells: "xyz" }] }], tracks: [{ trackId: 1, label: "dog", firstMs: 0, lastMs: 0 }] };
    expect(detectionsDocumentSchema.safeParse(bad).success).toBe(false);
  });
});
