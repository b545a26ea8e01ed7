import { and, asc, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db";
import { poses, trackActions, trackBoxes, tracks } from "@/db/schema";

// Poses and action spans of "actions" runs (the runs themselves: runs.ts).

export type NewPose = { trackId: number; frameIndex: number; ptsMs: number; keypoints: [number, number, number][]; score: number };
export type NewTrackAction = { trackId: number; action: string; startMs: number; endMs: number; confidence: number };

// poses: 6 columns per row; track_actions: 6. 1000 rows stay far below PostgreSQL's bind-parameter limit.
const BATCH = 1000;

/**
 * In one transaction: replaces whatever an earlier attempt of this run stored (a retry rewrites it)
 * with these poses and action spans. Rows whose track no longer exists are skipped by the caller.
 */
export async function replaceRunActions(runId: number, rows: { poses: NewPose[]; actions: NewTrackAction[] }): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx.delete(poses).where(eq(poses.runId, runId));
    await tx.delete(trackActions).where(eq(trackActions.runId, runId));
    for (let i = 0; i < rows.poses.length; i += BATCH) {
      await tx.insert(poses).values(rows.poses.slice(i, i + BATCH).map((p) => ({ runId, ...p })));
    }
    for (let i = 0; i < rows.actions.length; i += BATCH) {
      await tx.insert(trackActions).values(rows.actions.slice(i, i + BATCH).map((a) => ({ runId, ...a })));
    }
  });
}

/** The person tracks of a video (auto and manual) with their boxes, for the pose pass. */
export async function listPersonTracksWithBoxes(videoId: number): Promise<{ id: number; firstMs: number; lastMs: number; boxes: { ptsMs: number; x: number; y: number; w: number; h: number; outside: boolean }[] }[]> {
  const db = await getDb();
  const rows = await db.select().from(tracks).where(and(eq(tracks.videoId, videoId), eq(tracks.label, "person"))).orderBy(asc(tracks.firstMs), asc(tracks.id));
  if (rows.length === 0) return [];
  const boxes = await db
    .select({ trackId: trackBoxes.trackId, ptsMs: trackBoxes.ptsMs, x: trackBoxes.x, y: trackBoxes.y, w: trackBoxes.w, h: trackBoxes.h, outside: trackBoxes.outside })
    .from(trackBoxes)
    .where(inArray(trackBoxes.trackId, rows.map((r) => r.id)))
    .orderBy(asc(trackBoxes.trackId), asc(trackBoxes.ptsMs));
  const by = new Map<number, { ptsMs: number; x: number; y: number; w: number; h: number; outside: boolean }[]>();
  for (const b of boxes) (by.get(b.trackId) ?? by.set(b.trackId, []).get(b.trackId))?.push(b);
  return rows.map((r) => ({ id: r.id, firstMs: r.firstMs, lastMs: r.lastMs, boxes: by.get(r.id) ?? [] }));
}

export async function listRunActions(runId: number) {
  const db = await getDb();
  return db.select().from(trackActions).where(eq(trackActions.runId, runId)).orderBy(asc(trackActions.trackId), asc(trackActions.startMs));
}

export async function countRunPoses(runId: number): Promise<number> {
  const db = await getDb();
  const rows = await db.select({ trackId: poses.trackId }).from(poses).where(eq(poses.runId, runId));
  return rows.length;
}
