// Types for hit-index.js (the extension ships plain JS; these let TypeScript tests import it).
export interface HitIndex {
  width: number;
  height: number;
  tolerance: number;
  frameMs: number[] | null;
  tracks: { id: number; holdMs: number; boxes: [number, number, number, number, number][] }[];
}
export function buildHitIndex(overlay: { width: number | null; height: number | null; timeline?: { timescale: number; startPts: number; pts: number[] } | null; tracks: { id: number; holdMs?: number; boxes: [number, number, number, number, number][] }[] }): HitIndex;
export function mayHit(index: HitIndex | null, click: { x: number; y: number; videoWidth: number; videoHeight: number; timeS: number }): { maybe: boolean; trackIds: number[] };
