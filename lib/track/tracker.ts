import { iou, type Box } from "@/lib/geometry/box";
import { blend, similarity } from "@/lib/track/appearance";
import { assign } from "@/lib/track/assignment";
import { confusable } from "@/lib/track/label-groups";
import { bridgeGaps } from "@/lib/track/bridge";
import { fromXyah, initiate, predict, toXyah, update, type KalmanState } from "@/lib/track/kalman";
import type { FinishedTrack, TrackBox, TrackedObject, TrackerOptions, TrackInput } from "@/lib/track/types";

export const DEFAULT_TRACKER: Required<TrackerOptions> = {
  highScore: 0.25,
  lowScore: 0.12,
  newTrackScore: 0.25,
  matchIou: 0.2,
  lowMatchIou: 0.5,
  unconfirmedMatchIou: 0.3,
  classMismatchCost: 0.2,
  trackBufferMs: 3000,
  reIdMinSimilarity: 0.85,
  reIdMaxDistance: 1.5,
  minHits: 3,
  referenceFrameMs: 1000 / 30,
};

interface Track {
  key: number;
  /** Public id, given when the track is confirmed so reported ids have no holes. */
  trackId: number | null;
  kf: KalmanState;
  hits: number;
  lastSeenMs: number;
  lastPredictMs: number;
  lost: boolean;
  votes: Map<string, number>;
  feature: Float32Array | undefined;
  /** The detection box of the last match: the observation, not the filtered state. */
  observed: Box;
  boxes: TrackBox[];
}

export interface Tracker {
  /** Feeds one analysed frame; returns the confirmed tracks matched in it. */
  update(ptsMs: number, detections: readonly TrackInput[], frameIndex?: number): TrackedObject[];
  /** All confirmed tracks with their box on every analysed frame where they were matched. */
  finish(): FinishedTrack[];
}

export function createTracker(options: TrackerOptions = {}): Tracker {
  const o = { ...DEFAULT_TRACKER, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  let tracks: Track[] = [];
  const finished: Track[] = [];
  let nextKey = 1;
  let nextId = 1;
  let frameCount = 0;
  let lastPts = -Infinity;
  // Every analysed frame, so finish() can mark the frames a track was missed on.
  const analysed: { frameIndex: number; ptsMs: number }[] = [];

  const label = (t: Track): string => {
    let best = "";
    let bestVote = -1;
    for (const [l, v] of t.votes) if (v > bestVote) [best, bestVote] = [l, v];
    return best;
  };
  const boxOf = (t: Track): Box => fromXyah(t.kf.mean);

  // Confusable labels (cup/bowl, dog/cat) cost little: the vote settles the label over time.
  const labelCost = (a: string, b: string): number => (a === b ? 0 : confusable(a, b) ? o.classMismatchCost / 4 : o.classMismatchCost);

  // An active track is also compared with its last observed box (OC-SORT's observation-centric idea):
  // when occlusion makes a box jump (a giraffe's legs vanish behind a passer-by), the Kalman velocity
  // extrapolates the jump over the sampling gap and the prediction collapses, while the last
  // observation still overlaps the next one.
  const overlap = (t: Track, b: Box): number => Math.max(iou(boxOf(t), b), t.lost ? 0 : iou(t.observed, b));

  function costMatrix(ts: Track[], ds: TrackInput[]): number[][] {
    return ts.map((t) => {
      const tl = label(t);
      return ds.map((d) => 1 - overlap(t, d.box) + labelCost(tl, d.label));
    });
  }

  function match(ts: Track[], ds: TrackInput[], minIou: number) {
    return assign(costMatrix(ts, ds), 1 - minIou, ds.length);
  }

  /** A label the track has been seen as for a fair share of its score mass (CenterNet flips dog/cat). */
  const knownAs = (t: Track, l: string): boolean => {
    let total = 0;
    for (const v of t.votes.values()) total += v;
    return (t.votes.get(l) ?? 0) >= 0.2 * total;
  };

  /** Lost tracks against leftover confident detections by appearance, gated by label, size and distance. */
  function reIdCost(ts: Track[], ds: TrackInput[]): number[][] {
    return ts.map((t) => {
      const [tx, ty, tw, th] = boxOf(t);
      const tl = label(t);
      return ds.map((d) => {
        if (!t.feature || !d.feature || !(knownAs(t, d.label) || confusable(tl, d.label))) return Infinity;
        const [dx, dy, dw, dh] = d.box;
        const ratio = dh / Math.max(th, 1);
        if (ratio < 0.5 || ratio > 2) return Infinity;
        const dist = Math.hypot(tx + tw / 2 - (dx + dw / 2), ty + th / 2 - (dy + dh / 2));
        if (dist > o.reIdMaxDistance * Math.max(th, dh)) return Infinity;
        return 1 - similarity(t.feature, d.feature) + (d.label === tl ? 0 : 0.02);
      });
    });
  }

  function apply(t: Track, d: TrackInput, ptsMs: number, frameIndex: number, reinit = false): void {
    // After a re-identification the prediction is stale: restart the motion model at the detection.
    t.kf = reinit ? initiate(toXyah(d.box)) : update(t.kf, toXyah(d.box));
    // Only confident views update the appearance; weak ones are often occluded.
    if (d.feature && d.score >= o.highScore) t.feature = blend(t.feature, d.feature);
    t.observed = [...d.box];
    t.hits += 1;
    t.lastSeenMs = ptsMs;
    t.lost = false;
    // Score-weighted votes: a track that is mostly "dog" stays a dog through cat/dog flickers.
    t.votes.set(d.label, (t.votes.get(d.label) ?? 0) + d.score);
    t.boxes.push({ frameIndex, ptsMs, box: roundBox(boxOf(t)), score: round3(d.score) });
    if (t.trackId === null && t.hits >= o.minHits) t.trackId = nextId++;
  }

  return {
    update(ptsMs, detections, frameIndex = frameCount) {
      if (!(ptsMs >= lastPts)) throw new RangeError(`pts must not go back: ${ptsMs} after ${lastPts}`);
      lastPts = ptsMs;
      frameCount = frameIndex + 1;
      analysed.push({ frameIndex, ptsMs });
      for (const t of tracks) {
        t.kf = predict(t.kf, (ptsMs - t.lastPredictMs) / o.referenceFrameMs);
        t.lastPredictMs = ptsMs;
      }
      const high = detections.filter((d) => d.score >= o.highScore);
      const low = detections.filter((d) => d.score >= o.lowScore && d.score < o.highScore);
      const confirmed = tracks.filter((t) => t.trackId !== null);
      const unconfirmed = tracks.filter((t) => t.trackId === null);
      const matched = new Set<Track>();

      // Stage 1: confirmed tracks (active and lost) against confident detections.
      const a1 = match(confirmed, high, o.matchIou);
      for (const [ti, di] of a1.matches) {
        const t = confirmed[ti] as Track;
        apply(t, high[di] as TrackInput, ptsMs, frameIndex);
        matched.add(t);
      }
      // Stage 2: still-active tracks against weak detections (occlusion, blur) — ByteTrack's key idea.
      const active = a1.unmatchedRows.map((i) => confirmed[i] as Track).filter((t) => !t.lost);
      const a2 = match(active, low, o.lowMatchIou);
      for (const [ti, di] of a2.matches) {
        const t = active[ti] as Track;
        apply(t, low[di] as TrackInput, ptsMs, frameIndex);
        matched.add(t);
      }
      // Stage 3: lost tracks re-identified by appearance (long occlusions defeat IoU matching).
      const lostTracks = a1.unmatchedRows.map((i) => confirmed[i] as Track).filter((t) => t.lost);
      const leftover = a1.unmatchedCols.map((i) => high[i] as TrackInput);
      const a4 = assign(reIdCost(lostTracks, leftover), 1 - o.reIdMinSimilarity + 0.02, leftover.length);
      for (const [ti, di] of a4.matches) {
        const t = lostTracks[ti] as Track;
        apply(t, leftover[di] as TrackInput, ptsMs, frameIndex, true);
        matched.add(t);
      }
      // Stage 4: tentative tracks against the confident detections left over.
      const rest = a4.unmatchedCols.map((i) => leftover[i] as TrackInput);
      const a3 = match(unconfirmed, rest, o.unconfirmedMatchIou);
      for (const [ti, di] of a3.matches) {
        const t = unconfirmed[ti] as Track;
        apply(t, rest[di] as TrackInput, ptsMs, frameIndex);
        matched.add(t);
      }
      const fresh = a3.unmatchedCols.map((i) => rest[i] as TrackInput).filter((d) => d.score >= o.newTrackScore);

      const next: Track[] = [];
      for (const t of tracks) {
        if (matched.has(t)) next.push(t);
        else if (t.trackId === null) continue; // a tentative track that misses once is noise
        else if (ptsMs - t.lastSeenMs > o.trackBufferMs) finished.push(t);
        else {
          t.lost = true;
          next.push(t);
        }
      }
      for (const d of fresh) {
        const t: Track = { key: nextKey++, trackId: null, kf: initiate(toXyah(d.box)), hits: 0, lastSeenMs: ptsMs, lastPredictMs: ptsMs, lost: false, votes: new Map(), feature: undefined, observed: [...d.box], boxes: [] };
        apply(t, d, ptsMs, frameIndex);
        next.push(t);
      }
      tracks = next;
      return tracks
        .filter((t) => t.trackId !== null && t.lastSeenMs === ptsMs && !t.lost)
        .map((t) => {
          const last = t.boxes[t.boxes.length - 1] as TrackBox;
          return { trackId: t.trackId as number, label: label(t), score: last.score, box: last.box };
        })
        .sort((a, b) => a.trackId - b.trackId);
    },

    finish() {
      return [...finished, ...tracks]
        .filter((t) => t.trackId !== null)
        .map((t) => {
          const boxes = bridgeGaps(t.boxes, analysed);
          const first = boxes[0] as TrackBox;
          const last = boxes[boxes.length - 1] as TrackBox;
          return { trackId: t.trackId as number, label: label(t), firstMs: first.ptsMs, lastMs: last.ptsMs, boxes: [...boxes] };
        })
        .sort((a, b) => a.trackId - b.trackId);
    },
  };
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

function roundBox(b: Box): Box {
  return [round1(b[0]), round1(b[1]), round1(b[2]), round1(b[3])];
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
