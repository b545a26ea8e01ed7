import type { Box } from "@/lib/geometry/box";

/** What the tracker needs from a detection (lib/detect's Detection satisfies it). */
export interface TrackInput {
  label: string;
  score: number;
  box: Box;
  /** Appearance descriptor (lib/track/appearance colour histogram) used to re-find lost tracks. */
  feature?: ArrayLike<number>;
}

export interface TrackedObject {
  trackId: number;
  label: string;
  score: number;
  box: Box;
  /** False on frames where the track was bridged over a detector miss (absent: observed). */
  observed?: boolean;
  /** Cells of the box where something in front hides the object (lib/track/visibility.ts). */
  hiddenCells?: string;
}

export interface TrackBox {
  frameIndex: number;
  ptsMs: number;
  box: Box;
  score: number;
  /** False: the detector missed the object here and the tracker bridged the gap (box interpolated). */
  observed?: boolean;
  /** Cells of the box where something in front hides the object (lib/track/visibility.ts); absent: none known. */
  hiddenCells?: string;
}

export interface TrackSummary {
  trackId: number;
  label: string;
  firstMs: number;
  lastMs: number;
  /** Not confirmed (lib/track/confirm.ts): kept for admins, not shown to shoppers. Absent when shown. */
  hidden?: true;
}

export interface FinishedTrack extends TrackSummary {
  boxes: TrackBox[];
}

export interface TrackerOptions {
  /** Detections at or above this start the first association stage and may start tracks. */
  highScore?: number;
  /** Detections between lowScore and highScore only extend existing tracks (ByteTrack's second stage). */
  lowScore?: number;
  /** A new track needs at least this score (ByteTrack: highScore + 0.1). */
  newTrackScore?: number;
  /** Minimum IoU to match in the first stage, the second stage, and for unconfirmed tracks. */
  matchIou?: number;
  lowMatchIou?: number;
  unconfirmedMatchIou?: number;
  /** Added to 1 − IoU when a detection's label differs from the track's. */
  classMismatchCost?: number;
  /** How long a lost track may be re-found, in ms of pts (frame-rate independent). */
  trackBufferMs?: number;
  /** Matched updates needed before a track is reported. */
  minHits?: number;
  /** Appearance similarity (0–1) a lost track and a detection need to be re-identified. */
  reIdMinSimilarity?: number;
  /** A lost track is re-identified only within this many of its heights of its predicted centre. */
  reIdMaxDistance?: number;
  /** Gap that counts as one frame for the motion model's velocities and noise. */
  referenceFrameMs?: number;
}
