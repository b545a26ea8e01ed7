import { classifyTrack } from "./classify";
import { median, type PoseSample } from "./features";
import { actionsDocumentSchema, type ActionsDocument, type PoseFrame } from "./schema";

export const ACTION_MODEL = "keypoint-rules-v1";

/**
 * A person track whose median pose score is below this is not classified (nor kept in the document):
 * MoveNet finds no body in its boxes — on the pedestrian clip these are the detector's false "persons"
 * (a bin, a cone, a sign), which would otherwise count as people standing still.
 */
export const MIN_TRACK_POSE_SCORE = 0.25;

export interface ActionsHeader {
  videoId: string;
  width: number;
  height: number;
  backend: ActionsDocument["backend"];
  analysisFps: number | null;
  models: ActionsDocument["models"];
}

/** Groups the poses by track (pts order), classifies each track's actions, and validates the document. */
export function buildActionsDocument(header: ActionsHeader, allFrames: PoseFrame[]): ActionsDocument {
  const scores = new Map<number, number[]>();
  for (const f of allFrames) for (const p of f.poses) (scores.get(p.trackId) ?? scores.set(p.trackId, []).get(p.trackId))?.push(p.score);
  const ignored = [...scores].filter(([, s]) => (median(s) ?? 0) < MIN_TRACK_POSE_SCORE).map(([id]) => id).sort((a, b) => a - b);
  const skip = new Set(ignored);
  const frames = allFrames.map((f) => ({ ...f, poses: f.poses.filter((p) => !skip.has(p.trackId)) }));
  const byTrack = new Map<number, PoseSample[]>();
  for (const f of frames) {
    for (const p of f.poses) {
      let list = byTrack.get(p.trackId);
      if (!list) byTrack.set(p.trackId, (list = []));
      list.push({ ptsMs: f.ptsMs, keypoints: p.keypoints, box: p.box });
    }
  }
  const tracks = [...byTrack]
    .sort((a, b) => a[0] - b[0])
    .map(([trackId, samples]) => ({
      trackId,
      firstMs: (samples[0] as PoseSample).ptsMs,
      lastMs: (samples[samples.length - 1] as PoseSample).ptsMs,
      spans: classifyTrack(samples),
    }));
  return actionsDocumentSchema.parse({ ...header, tracks, ignoredTracks: ignored, frames });
}
