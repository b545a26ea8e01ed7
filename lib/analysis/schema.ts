import { z } from "zod";

// The detections document (`<videoId>_detections.json`): what the CLI writes, what the task stores and
// what GET /api/videos/:id/detections serves. Parsed on the way out, so a malformed result never ships.

export const MODELS = ["centernet", "nanodet"] as const;
export const BACKENDS = ["tensorflow-gpu", "tensorflow", "wasm", "cpu"] as const;

const ms = z.number().finite().min(0);
/** A box's hidden cells (lib/track/visibility.ts). */
export const hiddenCellsSchema = z.string().regex(/^[0-9a-f]{1,128}$/);

/** [x, y, w, h] in video pixels (displayed size). */
export const boxSchema = z.tuple([z.number().finite(), z.number().finite(), z.number().finite().min(0), z.number().finite().min(0)]);

export const detectedObjectSchema = z.strictObject({
  trackId: z.number().int().positive(),
  label: z.string().min(1),
  score: z.number().min(0).max(1),
  box: boxSchema,
  /** false: the tracker bridged this box over a detector miss (absent: the detector saw it). */
  observed: z.boolean().optional(),
  /** Cells of the box where something in front hides the object (lib/track/visibility.ts: hex, 324 bits). */
  hiddenCells: hiddenCellsSchema.optional(),
});

export const analysedFrameSchema = z.strictObject({
  /** Display index of the frame in the video's exact timeline. */
  index: z.number().int().min(0),
  /** ms from the first frame (the frame's exact pts). */
  ptsMs: ms,
  objects: z.array(detectedObjectSchema),
});

export const trackSummarySchema = z.strictObject({
  trackId: z.number().int().positive(),
  label: z.string().min(1),
  firstMs: ms,
  lastMs: ms,
  /** Not confirmed by the analysis (lib/track/confirm.ts): kept for admins, not shown. Absent when shown. */
  hidden: z.literal(true).optional(),
});

export const detectionsDocumentSchema = z
  .strictObject({
    videoId: z.string().min(1).max(128),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    model: z.enum(MODELS),
    backend: z.enum(BACKENDS),
    /** Frames sampled per second of pts; null when every frame was analysed. */
    analysisFps: z.number().positive().nullable(),
    /** The analysed frames, in display order. */
    frames: z.array(analysedFrameSchema),
    tracks: z.array(trackSummarySchema),
  })
  .superRefine((doc, ctx) => {
    const tracks = new Map(doc.tracks.map((t) => [t.trackId, t]));
    if (tracks.size !== doc.tracks.length) ctx.addIssue({ code: "custom", path: ["tracks"], message: "track ids must be unique" });
    for (const [i, t] of doc.tracks.entries()) {
      if (t.lastMs < t.firstMs) ctx.addIssue({ code: "custom", path: ["tracks", i], message: "lastMs is before firstMs" });
    }
    let prev = -1;
    for (const [i, f] of doc.frames.entries()) {
      if (f.index <= prev) ctx.addIssue({ code: "custom", path: ["frames", i, "index"], message: "frames must be in display order, each once" });
      prev = f.index;
      for (const [j, o] of f.objects.entries()) {
        const t = tracks.get(o.trackId);
        if (!t) ctx.addIssue({ code: "custom", path: ["frames", i, "objects", j, "trackId"], message: `unknown track ${o.trackId}` });
        else if (f.ptsMs < t.firstMs - 1e-6 || f.ptsMs > t.lastMs + 1e-6) {
          ctx.addIssue({ code: "custom", path: ["frames", i, "objects", j], message: `track ${o.trackId} is outside its time span here` });
        }
      }
    }
  });

export type DetectedObject = z.infer<typeof detectedObjectSchema>;
export type AnalysedFrame = z.infer<typeof analysedFrameSchema>;
export type TrackSummary = z.infer<typeof trackSummarySchema>;
export type DetectionsDocument = z.infer<typeof detectionsDocumentSchema>;
export type AnalysisModel = (typeof MODELS)[number];

/** Where the boxes of a track are, per analysed frame (derived from the document's frames). */
export type TrackBoxes = Map<number, { frameIndex: number; ptsMs: number; box: [number, number, number, number]; score: number; observed: boolean; hiddenCells?: string }[]>;

/** Groups the document's per-frame objects by track, in pts order. */
export function boxesByTrack(doc: Pick<DetectionsDocument, "frames">): TrackBoxes {
  const out: TrackBoxes = new Map();
  for (const f of doc.frames) {
    for (const o of f.objects) {
      let list = out.get(o.trackId);
      if (!list) out.set(o.trackId, (list = []));
      list.push({ frameIndex: f.index, ptsMs: f.ptsMs, box: o.box, score: o.score, observed: o.observed !== false, ...(o.hiddenCells ? { hiddenCells: o.hiddenCells } : {}) });
    }
  }
  return out;
}
