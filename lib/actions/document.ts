import { classifyTrack } from "./classify";
import type { PoseSample } from "./features";
import { actionsDocumentSchema, type ActionsDocument, type PoseFrame } from "./schema";

export const ACTION_MODEL = "keypoint-rules-v1";

export interface ActionsHeader {
  videoId: string;
  width: number;
  height: number;
  backend: ActionsDocument["backend"];
  analysisFps: number | null;
  models: ActionsDocument["models"];
}

/** Groups the poses by track (pts order), classifies each track's actions, and validates the document. */
export function buildActionsDocument(header: ActionsHeader, frames: PoseFrame[]): ActionsDocument {
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
  return actionsDocumentSchema.parse({ ...header, tracks, frames });
}
