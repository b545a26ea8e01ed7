import { annotateVideo, type AnnotateOptions, type AnnotateResult } from "@/lib/analysis/annotate";
import { trackColor } from "@/lib/analysis/draw";
import type { DetectionsDocument } from "@/lib/analysis/schema";
import type { Keypoint } from "@/lib/pose/keypoints";
import { actionAt } from "./classify";
import { drawActionTag, drawSkeleton } from "./draw-pose";
import type { ActionsDocument, PersonPose } from "./schema";

/** Poses further apart than this are not interpolated between (the person was not seen in between). */
const MAX_GAP_MS = 1000;

/** The person boxes of an actions document in the detections document's shape (for annotateVideo's boxes). */
export function boxesDocument(doc: ActionsDocument): DetectionsDocument {
  return {
    videoId: doc.videoId,
    width: doc.width,
    height: doc.height,
    model: "centernet",
    backend: doc.backend,
    analysisFps: doc.analysisFps,
    frames: doc.frames.map((f) => ({ index: f.index, ptsMs: f.ptsMs, objects: f.poses.map((p) => ({ trackId: p.trackId, label: "person", score: p.score, box: p.box })) })),
    tracks: doc.tracks.map((t) => ({ trackId: t.trackId, label: "person", firstMs: t.firstMs, lastMs: t.lastMs })),
  };
}

/** Keypoints of a track at `ptsMs`, interpolated between its two poses around it. */
export function poseAt(poses: readonly { ptsMs: number; pose: PersonPose }[], ptsMs: number): Keypoint[] | null {
  let i = poses.length - 1;
  while (i >= 0 && (poses[i] as { ptsMs: number }).ptsMs > ptsMs) i--;
  if (i < 0) return null;
  const a = poses[i] as { ptsMs: number; pose: PersonPose };
  const b = poses[i + 1];
  if (!b) return a.ptsMs === ptsMs ? a.pose.keypoints : null;
  if (b.ptsMs - a.ptsMs > MAX_GAP_MS) return ptsMs - a.ptsMs < 200 ? a.pose.keypoints : null;
  const f = (ptsMs - a.ptsMs) / (b.ptsMs - a.ptsMs);
  return a.pose.keypoints.map((k, j) => {
    const q = b.pose.keypoints[j] ?? k;
    return [k[0] + (q[0] - k[0]) * f, k[1] + (q[1] - k[1]) * f, Math.min(k[2], q[2])];
  });
}

/**
 * The annotated MP4 of an actions analysis: every source frame at its exact pts (annotateVideo), each
 * person's box and id, skeleton (interpolated between analysed frames) and current action.
 */
export function annotateActions(src: string, out: string, doc: ActionsDocument, opts: AnnotateOptions = {}): Promise<AnnotateResult> {
  const poses = new Map<number, { ptsMs: number; pose: PersonPose }[]>();
  for (const f of doc.frames) for (const p of f.poses) (poses.get(p.trackId) ?? poses.set(p.trackId, []).get(p.trackId))?.push({ ptsMs: f.ptsMs, pose: p });
  const boxes = boxesDocument(doc);
  return annotateVideo(src, out, boxes, {
    ...opts,
    draw: (img, ptsMs) => {
      for (const t of doc.tracks) {
        if (ptsMs < t.firstMs || ptsMs > t.lastMs) continue;
        const list = poses.get(t.trackId) ?? [];
        const kps = poseAt(list, ptsMs);
        if (kps) drawSkeleton(img, kps, trackColor(t.trackId));
        const span = actionAt(t.spans, ptsMs);
        const near = list.find((p) => p.ptsMs >= ptsMs) ?? list[list.length - 1];
        if (span && near) drawActionTag(img, near.pose.box, t.trackId, span.action.replace("_", " "));
      }
      opts.draw?.(img, ptsMs);
    },
  });
}
