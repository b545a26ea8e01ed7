import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db";
import { tracks } from "@/db/schema";

// Bulk studio edits (hide, show, delete many tracks at once), limited to one video's tracks.

/** Those of `ids` that are tracks of the video. */
export async function tracksOfVideo(videoId: number, ids: number[]): Promise<number[]> {
  const db = await getDb();
  const rows = await db.select({ id: tracks.id }).from(tracks).where(and(eq(tracks.videoId, videoId), inArray(tracks.id, ids)));
  return rows.map((r) => r.id);
}

/** Sets `hidden` on those of `ids` that belong to the video (stamping edited_at); returns the ids changed. */
export async function setTracksHidden(videoId: number, ids: number[], hidden: boolean): Promise<number[]> {
  const db = await getDb();
  const rows = await db
    .update(tracks)
    .set({ hidden, editedAt: new Date() })
    .where(and(eq(tracks.videoId, videoId), inArray(tracks.id, ids)))
    .returning({ id: tracks.id });
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/** Deletes those of `ids` that belong to the video (boxes and product links cascade); returns the ids deleted. */
export async function deleteTracks(videoId: number, ids: number[]): Promise<number[]> {
  const db = await getDb();
  const rows = await db.delete(tracks).where(and(eq(tracks.videoId, videoId), inArray(tracks.id, ids))).returning({ id: tracks.id });
  return rows.map((r) => r.id).sort((a, b) => a - b);
}
