// The exchange model: a video's tracks as every format sees them. Frames are the video's display
// indices (0-based here; a format that counts from 1 adds 1 on the way out), and ptsMs holds the exact
// pts of every frame (ms from the first frame), which is what every export carries beside the boxes.

export type Box4 = [number, number, number, number];

export interface ExchangeBox {
  frame: number;
  /** [x, y, w, h] in video pixels. */
  box: Box4;
  /** A labeller's keyframe (manual boxes, imported keyframes); detector boxes are not. */
  keyframe: boolean;
  score: number;
  /** false: the tracker bridged a detector miss here (exported as occluded in CVAT, visibility 0.5 in MOT). */
  observed: boolean;
  /** CVAT's "outside": the object is not in the picture from this frame until the track's next box. */
  outside?: boolean;
}

export interface ExchangeTrack {
  /** The track's id in its source (a DB id or the analysis' track id). */
  id: number;
  label: string;
  hidden: boolean;
  /** Sorted by frame, one per frame. */
  boxes: ExchangeBox[];
}

export interface ExchangeDoc {
  /** The video's name (title, youtube id or file name). */
  name: string;
  width: number;
  height: number;
  /** Exact pts of every frame of the video in ms from the first frame; its length is the frame count. */
  ptsMs: number[];
  tracks: ExchangeTrack[];
}

export const EXPORT_FORMATS = ["cvat", "mot", "coco", "yolo"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const IMPORT_FORMATS = ["cvat", "mot"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** One file of an export, by its path inside the export (forward slashes, never absolute). */
export interface ExportFile {
  path: string;
  data: string;
}

/** Tracks read from a file, before they meet a video (frames 0-based). */
export interface ImportedTrack {
  label: string;
  /** `outside`: starts a span where the object is not in the picture (until the next box). */
  boxes: { frame: number; box: Box4; keyframe: boolean; outside?: boolean }[];
}

export interface ImportedDoc {
  format: ImportFormat;
  /** Frame count the file declares (CVAT size, MOT seqLength), when it declares one. */
  frameCount: number | null;
  width: number | null;
  height: number | null;
  /** pts per frame as the file states them (a Framecart export), when present. */
  ptsMs: number[] | null;
  tracks: ImportedTrack[];
}

/** Numbers written with at most `d` decimals and no trailing zeros ("12.5", "3"). */
export function num(v: number, d = 2): string {
  const s = v.toFixed(d);
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

/** pts in ms to the nanosecond (a 90 kHz tick is 11.1 µs): the frame order and the frame at any time survive exactly. */
export const ptsText = (ms: number) => num(ms, 6);

/** Labels in order of first use (the class list MOT, COCO and YOLO number from). */
export function labelsOf(doc: Pick<ExchangeDoc, "tracks">): string[] {
  return [...new Set(doc.tracks.map((t) => t.label))];
}
