import { z } from "zod";
import { BACKENDS, boxSchema } from "@/lib/analysis/schema";
import { ACTIONS } from "./classify";

// The actions document (`<videoId>_actions.json`): what `npm run analyze -- --actions` writes, what
// the actions task stores and what GET /api/videos/:id/actions serves. Parsed before it is written.

const ms = z.number().finite().min(0);
const keypointSchema = z.tuple([z.number().finite(), z.number().finite(), z.number().min(0).max(1)]);

export const actionSpanSchema = z.strictObject({
  action: z.enum(ACTIONS),
  startMs: ms,
  endMs: ms,
  confidence: z.number().min(0).max(1),
});

export const personPoseSchema = z.strictObject({
  trackId: z.number().int().positive(),
  /** Mean keypoint score. */
  score: z.number().min(0).max(1),
  /** The person's box here [x, y, w, h] (the crop the pose was found in, before margin). */
  box: boxSchema,
  /** COCO-17 order (lib/pose/keypoints.ts), [x, y, score] in video pixels. */
  keypoints: z.array(keypointSchema).length(17),
});

export const poseFrameSchema = z.strictObject({
  index: z.number().int().min(0),
  ptsMs: ms,
  poses: z.array(personPoseSchema),
});

export const personTrackSchema = z.strictObject({
  trackId: z.number().int().positive(),
  /** pts of the track's first and last pose. */
  firstMs: ms,
  lastMs: ms,
  spans: z.array(actionSpanSchema),
});

export const actionsDocumentSchema = z
  .strictObject({
    videoId: z.string().min(1).max(128),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    backend: z.enum(BACKENDS),
    /** Frames analysed per second of pts (null = every frame). */
    analysisFps: z.number().positive().nullable(),
    models: z.strictObject({ detector: z.string(), tracker: z.string(), pose: z.string(), actions: z.string() }),
    tracks: z.array(personTrackSchema),
    /** Person tracks left out: MoveNet found no body in their boxes (median pose score below 0.25). */
    ignoredTracks: z.array(z.number().int().positive()),
    frames: z.array(poseFrameSchema),
  })
  .superRefine((doc, ctx) => {
    const ids = new Map(doc.tracks.map((t) => [t.trackId, t]));
    if (ids.size !== doc.tracks.length) ctx.addIssue({ code: "custom", path: ["tracks"], message: "track ids must be unique" });
    for (const [i, t] of doc.tracks.entries()) {
      if (t.lastMs < t.firstMs) ctx.addIssue({ code: "custom", path: ["tracks", i], message: "lastMs is before firstMs" });
      let prev = t.firstMs;
      for (const [j, s] of t.spans.entries()) {
        if (s.endMs < s.startMs || s.startMs < prev - 1e-6 || s.endMs > t.lastMs + 1e-6) {
          ctx.addIssue({ code: "custom", path: ["tracks", i, "spans", j], message: "spans must be ordered, not overlap, and lie within the track" });
        }
        prev = s.endMs;
      }
    }
    let prev = -1;
    for (const [i, f] of doc.frames.entries()) {
      if (f.index <= prev) ctx.addIssue({ code: "custom", path: ["frames", i, "index"], message: "frames must be in display order, each once" });
      prev = f.index;
      for (const [j, p] of f.poses.entries()) {
        const t = ids.get(p.trackId);
        if (!t) ctx.addIssue({ code: "custom", path: ["frames", i, "poses", j, "trackId"], message: `unknown track ${p.trackId}` });
        else if (f.ptsMs < t.firstMs - 1e-6 || f.ptsMs > t.lastMs + 1e-6) ctx.addIssue({ code: "custom", path: ["frames", i, "poses", j], message: "pose outside its track's span" });
      }
    }
  });

export type ActionsDocument = z.infer<typeof actionsDocumentSchema>;
export type PersonPose = z.infer<typeof personPoseSchema>;
export type PoseFrame = z.infer<typeof poseFrameSchema>;

/** Seconds of person-time per action over all tracks, and each action's share of the total. */
export function actionShares(doc: Pick<ActionsDocument, "tracks">): { action: string; seconds: number; share: number }[] {
  const time = new Map<string, number>();
  for (const t of doc.tracks) for (const s of t.spans) time.set(s.action, (time.get(s.action) ?? 0) + (s.endMs - s.startMs) / 1000);
  const total = [...time.values()].reduce((a, b) => a + b, 0);
  return ACTIONS.map((action) => ({ action, seconds: Math.round((time.get(action) ?? 0) * 100) / 100, share: total > 0 ? Math.round(((time.get(action) ?? 0) / total) * 1000) / 1000 : 0 }));
}
