import { z } from "zod";
import { buildVideoIndex, type MatchOptions, type MatchTrackInput, type VideoIndex } from "@/lib/match/engine";

// The original system's files: `<videoId>_detections.json` (what the analysis saw) and click lists.

const finite = z.number().refine(Number.isFinite, "Must be a finite number");
const nonNegative = finite.refine((v) => v >= 0, "Must not be negative");
const positive = finite.refine((v) => v > 0, "Must be greater than 0");

export const detectionBoxSchema = z
  .tuple([finite, finite, nonNegative, nonNegative], { error: "Must be [x, y, w, h]" })
  .describe("[x, y, w, h] in video pixels, top-left origin");

export const detectedObjectSchema = z.object({
  trackId: z.number().int("Must be an integer"),
  label: z.string().min(1, "Must not be empty"),
  score: z.number().min(0).max(1).optional(),
  box: detectionBoxSchema,
  /** false: bridged by the tracker over a detector miss (a hidden object's place answers "nothing here"). */
  observed: z.boolean().optional(),
  /** Cells of the box where something in front hides the object (lib/track/visibility.ts). */
  hiddenCells: z.string().regex(/^[0-9a-f]{1,128}$/, "Must be hex digits (lib/track/visibility.ts)").optional(),
});

export const detectionsFrameSchema = z.object({
  index: z.number().int("Must be an integer").min(0),
  ptsMs: finite,
  objects: z.array(detectedObjectSchema),
});

export const trackSummarySchema = z.object({
  trackId: z.number().int("Must be an integer"),
  label: z.string().min(1, "Must not be empty"),
  firstMs: finite,
  lastMs: finite,
});

export const detectionsFileSchema = z
  .object({
    videoId: z.string().min(1, "Must not be empty"),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    model: z.string().optional(),
    backend: z.string().optional(),
    analysisFps: positive.nullable().optional(),
    frames: z.array(detectionsFrameSchema),
    tracks: z.array(trackSummarySchema),
  })
  .superRefine((file, ctx) => {
    for (let i = 1; i < file.frames.length; i++) {
      const a = file.frames[i - 1] as z.infer<typeof detectionsFrameSchema>;
      const b = file.frames[i] as z.infer<typeof detectionsFrameSchema>;
      if (!(b.ptsMs > a.ptsMs)) ctx.addIssue({ code: "custom", path: ["frames", i, "ptsMs"], message: `Frames must be in display order: ptsMs ${b.ptsMs} is not after ${a.ptsMs}` });
      if (!(b.index > a.index)) ctx.addIssue({ code: "custom", path: ["frames", i, "index"], message: `Frame indices must increase: ${b.index} after ${a.index}` });
    }
  });

export type DetectionsFile = z.infer<typeof detectionsFileSchema>;

export const clickRecordSchema = z
  .object({
    x: nonNegative,
    y: nonNegative,
    timestamp: nonNegative.describe("seconds of video time"),
    videoId: z.string().min(1, "Must not be empty"),
    playerWidth: positive.optional(),
    playerHeight: positive.optional(),
    videoWidth: positive.optional(),
    videoHeight: positive.optional(),
  })
  .refine((c) => (c.playerWidth === undefined) === (c.playerHeight === undefined), { message: "playerWidth and playerHeight come together", path: ["playerWidth"] })
  .refine((c) => (c.videoWidth === undefined) === (c.videoHeight === undefined), { message: "videoWidth and videoHeight come together", path: ["videoWidth"] });

export const clicksFileSchema = z.array(clickRecordSchema);

export type ClickRecord = z.infer<typeof clickRecordSchema>;

/** A file that is not JSON or does not fit its schema; the message names the file and each problem. */
export class MatchFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MatchFileError";
  }
}

/** Parses the text of a file against a schema; throws MatchFileError with zod's messages. */
export function parseFileText<S extends z.ZodType>(schema: S, text: string, name: string): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new MatchFileError(`${name}: not valid JSON (${(e as Error).message})`);
  }
  const r = schema.safeParse(json);
  if (!r.success) throw new MatchFileError(`${name}: does not fit the expected format\n${z.prettifyError(r.error)}`);
  return r.data;
}

export function parseDetectionsFile(text: string, name = "detections file"): DetectionsFile {
  return parseFileText(detectionsFileSchema, text, name);
}

export function parseClicksFile(text: string, name = "clicks file"): ClickRecord[] {
  return parseFileText(clicksFileSchema, text, name);
}

/** Tracks as the match engine wants them, from the frames' objects (labels from the track list when it has them). */
export function tracksFromDetections(file: DetectionsFile): MatchTrackInput[] {
  const labels = new Map(file.tracks.map((t) => [t.trackId, t.label]));
  const byId = new Map<number, MatchTrackInput & { boxes: MatchTrackInput["boxes"][number][] }>();
  for (const f of file.frames) {
    for (const o of f.objects) {
      let t = byId.get(o.trackId);
      if (!t) {
        t = { trackId: o.trackId, label: labels.get(o.trackId) ?? o.label, boxes: [] };
        byId.set(o.trackId, t);
      }
      const [x, y, w, h] = o.box;
      t.boxes.push({ frameIndex: f.index, ptsMs: f.ptsMs, x, y, w, h, observed: o.observed !== false, ...(o.hiddenCells ? { hiddenCells: o.hiddenCells } : {}) });
    }
  }
  return [...byId.values()];
}

/**
 * The match index of a detections file. Its frames are only the analysed frames, so they are the
 * timeline: a click falls on the last analysed frame with pts ≤ t, and the frame index reported is
 * that frame's `index` in the file (the video frame index the analysis recorded).
 */
export function indexFromDetections(file: DetectionsFile, options?: MatchOptions): VideoIndex {
  return buildVideoIndex({
    timeline: file.frames.map((f) => f.ptsMs),
    frameIndices: file.frames.map((f) => f.index),
    tracks: tracksFromDetections(file),
    width: file.width,
    height: file.height,
    options,
  });
}
