import { and, asc, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db";
import { trackBoxes, tracks } from "@/db/schema";

// Annotation exchange: every track of a video with every box (export), and imported tracks written
// as manual tracks in one transaction (import). Manual tracks are never replaced by a re-run.

// 9 columns per box: 1000 rows stay far below PostgreSQL's 65,535 bind parameters.
const BOX_BATCH = 1000;

export type ExportBoxRow = { trackId: number; frameIndex: number; x: number; y: number; w: number; h: number; score: number; keyframe: boolean; observed: boolean; outside: boolean };

/** The video's tracks (hidden ones only when asked) in start order, with their boxes by frame. */
export async function listTracksWithBoxes(videoId: number, withHidden: boolean) {
  const db = await getDb();
  const list = await db
    .select({ id: tracks.id, label: tracks.label, hidden: tracks.hidden, source: tracks.source })
    .from(tracks)
    .where(withHidden ? eq(tracks.videoId, videoId) : and(eq(tracks.videoId, videoId), eq(tracks.hidden, false)))
    .orderBy(asc(tracks.firstMs), asc(tracks.id));
  const boxes: ExportBoxRow[] =
    list.length === 0
      ? []
      : await db
          .select({ trackId: trackBoxes.trackId, frameIndex: trackBoxes.frameIndex, x: trackBoxes.x, y: trackBoxes.y, w: trackBoxes.w, h: trackBoxes.h, score: trackBoxes.score, keyframe: trackBoxes.keyframe, observed: trackBoxes.observed, outside: trackBoxes.outside })
          .from(trackBoxes)
          .where(inArray(trackBoxes.trackId, list.map((t) => t.id)))
          .orderBy(asc(trackBoxes.trackId), asc(trackBoxes.frameIndex));
  return { tracks: list, boxes };
}

export type ImportBox = { frameIndex: number; ptsMs: number; x: number; y: number; w: number; h: number; score: number; keyframe: boolean; observed: boolean; outside?: boolean };

/** Inserts manual tracks with their boxes (edited_at set: an admin's data); returns their ids in order. */
export async function insertManualTracks(videoId: number, list: { label: string; boxes: ImportBox[] }[]): Promise<number[]> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const ids: number[] = [];
    let pending: (ImportBox & { trackId: number })[] = [];
    const flush = async () => {
      if (pending.length) await tx.insert(trackBoxes).values(pending);
      pending = [];
    };
    for (const t of list) {
      const first = t.boxes[0];
      const last = t.boxes.at(-1);
      if (!first || !last) continue;
      const [row] = await tx
        .insert(tracks)
        .values({ videoId, label: t.label, score: 1, firstMs: first.ptsMs, lastMs: last.ptsMs, source: "manual", editedAt: new Date() })
        .returning({ id: tracks.id });
      const id = (row as { id: number }).id;
      ids.push(id);
      for (const b of t.boxes) {
        pending.push({ ...b, trackId: id });
        if (pending.length >= BOX_BATCH) await flush();
      }
    }
    await flush();
    return ids;
  });
}
