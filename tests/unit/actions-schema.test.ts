import { describe, expect, it } from "vitest";
import { buildActionsDocument, MIN_TRACK_POSE_SCORE } from "@/lib/people/document";
import { actionsDocumentSchema, actionShares, type PoseFrame } from "@/lib/people/schema";
import { posture, rng, sample, TORSO_PX, vfrTimes } from "../helpers/skeleton";

// The actions document: built from pose frames, checked by its zod schema (which must refuse bad ones).

const header = { videoId: "clip", width: 640, height: 360, backend: "wasm" as const, analysisFps: 5, models: { detector: "centernet", tracker: "bytetrack", pose: "movenet-lightning", actions: "keypoint-rules-v1" } };

function frames(): PoseFrame[] {
  const r = rng(4);
  return vfrTimes(0, 3000, 4).map((t, i) => {
    const walker = sample(t, posture("stand"), 100 + (2.5 * TORSO_PX * t) / 1000, 200, r);
    const ghost = sample(t, posture("stand"), 500, 200, r);
    return {
      index: i * 3,
      ptsMs: t,
      poses: [
        { trackId: 1, score: 0.8, box: walker.box as [number, number, number, number], keypoints: walker.keypoints.map((k) => [...k] as [number, number, number]) },
        // A "person" the detector saw in which the pose model finds no body.
        { trackId: 2, score: 0.1, box: ghost.box as [number, number, number, number], keypoints: ghost.keypoints.map((k) => [k[0], k[1], 0.1] as [number, number, number]) },
      ],
    };
  });
}

describe("actions document", () => {
  it("groups poses by track, classifies, leaves out tracks without a body, and validates", () => {
    const doc = buildActionsDocument(header, frames());
    expect(doc.ignoredTracks).toEqual([2]);
    expect(MIN_TRACK_POSE_SCORE).toBeGreaterThan(0.1);
    expect(doc.tracks.map((t) => t.trackId)).toEqual([1]);
    expect(doc.tracks[0]!.spans.map((s) => s.action)).toEqual(["walking"]);
    expect(doc.frames.every((f) => f.poses.every((p) => p.trackId === 1))).toBe(true);
    expect(actionsDocumentSchema.parse(JSON.parse(JSON.stringify(doc)))).toEqual(doc);
    expect(actionShares(doc).find((s) => s.action === "walking")!.share).toBe(1);
  });

  it("refuses overlapping spans, unknown actions, poses of unknown tracks, 16 keypoints", () => {
    const doc = buildActionsDocument(header, frames());
    const t = doc.tracks[0]!;
    const bad = [
      { ...doc, tracks: [{ ...t, spans: [{ action: "walking", startMs: 0, endMs: 2000, confidence: 0.5 }, { action: "standing", startMs: 1000, endMs: 2500, confidence: 0.5 }] }] },
      { ...doc, tracks: [{ ...t, spans: [{ action: "dancing", startMs: t.firstMs, endMs: t.lastMs, confidence: 0.5 }] }] },
      { ...doc, tracks: [] },
      { ...doc, frames: doc.frames.map((f) => ({ ...f, poses: f.poses.map((p) => ({ ...p, keypoints: p.keypoints.slice(1) })) })) },
      { ...doc, unknown: 1 },
    ];
    for (const b of bad) expect(actionsDocumentSchema.safeParse(b).success).toBe(false);
  });
});
