import type { BackendRequest } from "@/lib/detect/backend";
import type { Box } from "@/lib/geometry/views";
import { poseScore } from "@/lib/pose/keypoints";
import { createPoseEstimator, type PoseEstimator, type PoseModel } from "@/lib/pose/movenet";
import { boxAt, type TimedBox } from "@/lib/track/interpolate";
import { decodeFrames, planFrames } from "@/lib/media/frames";
import type { VideoProbe } from "@/lib/media/probe";
import { ptsMsOf, type Timeline } from "@/lib/media/timeline";
import type { PoseFrame } from "./schema";

/** A person track to find poses on: its id (document or database), span and boxes at analysed frames. */
export interface PersonTrack {
  trackId: number;
  firstMs: number;
  lastMs: number;
  boxes: TimedBox[];
}

export interface PoseRunOptions {
  tracks: readonly PersonTrack[];
  probe: VideoProbe;
  timeline: Timeline;
  /** Frames per second of pts to pose (null = every frame). */
  fps: number | null;
  model?: PoseModel;
  backend?: BackendRequest;
  /** An estimator to use instead of loading one (not closed). */
  estimator?: PoseEstimator;
  /** People smaller than this (box height, px) are skipped: too few pixels for keypoints. */
  minHeight?: number;
  onStart?: (info: { backend: string; backendVersion: string; framesPlanned: number }) => void | Promise<void>;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface PoseRunResult {
  frames: PoseFrame[];
  backend: PoseEstimator["backend"]["name"];
  model: PoseModel;
  timings: { poseStartMs: number; poseMs: number; poses: number; frames: number };
}

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

/**
 * Poses of every person track on the frames on screen at each 1/fps step (exact pts): each live
 * track's box there (interpolated between its analysed frames, exactly what a click is matched
 * against) is cropped with margin and given to MoveNet. Sampled frames with no live person are skipped.
 */
export async function poseTracks(file: string, opts: PoseRunOptions): Promise<PoseRunResult> {
  const t0 = performance.now();
  const est = opts.estimator ?? (await createPoseEstimator({ model: opts.model, backend: opts.backend }));
  const minH = opts.minHeight ?? 24;
  try {
    const t1 = performance.now();
    const tracks = [...opts.tracks].filter((t) => t.boxes.length > 0).sort((a, b) => a.firstMs - b.firstMs);
    const plan = opts.fps === null ? {} : { fps: opts.fps };
    const live = (ptsMs: number) => tracks.filter((t) => t.firstMs <= ptsMs && ptsMs <= t.lastMs);
    const planned = planFrames(opts.timeline, plan);
    const wanted = planned.filter((i) => live(ptsMsOf(opts.timeline, i)).length > 0);
    await opts.onStart?.({ backend: est.backend.name, backendVersion: est.backend.version, framesPlanned: wanted.length });
    const frames: PoseFrame[] = [];
    let poses = 0;
    let done = 0;
    const wantedSet = new Set(wanted);
    for await (const f of decodeFrames(file, { ...plan, probe: opts.probe, timeline: opts.timeline, signal: opts.signal })) {
      if (!wantedSet.has(f.index)) continue;
      const people: { trackId: number; box: Box }[] = [];
      for (const t of live(f.ptsMs)) {
        const box = boxAt(t.boxes, f.ptsMs);
        if (box && box[3] >= minH) people.push({ trackId: t.trackId, box });
      }
      const kps = people.length ? await est.estimate(f, people.map((p) => p.box)) : [];
      frames.push({
        index: f.index,
        ptsMs: f.ptsMs,
        poses: people.map((p, i) => {
          const k = kps[i] ?? [];
          return { trackId: p.trackId, score: round(poseScore(k), 4), box: p.box.map((v) => round(v, 2)) as Box, keypoints: k.map(([x, y, s]) => [round(x, 1), round(y, 1), round(s, 3)] as [number, number, number]) };
        }),
      });
      poses += people.length;
      opts.onProgress?.(++done, wanted.length);
      opts.signal?.throwIfAborted();
    }
    const t2 = performance.now();
    return { frames, backend: est.backend.name, model: est.model, timings: { poseStartMs: Math.round(t1 - t0), poseMs: Math.round(t2 - t1), poses, frames: frames.length } };
  } finally {
    if (!opts.estimator) est.close();
  }
}
