import { and, desc, eq, isNotNull } from "drizzle-orm";
import { getDb } from "@/db";
import { videos, videoTimelines, type Video } from "@/db/schema";

export type NewVideo = typeof videos.$inferInsert;
export type VideoPatch = Partial<Omit<NewVideo, "id" | "createdAt">>;
export type StoredTimeline = typeof videoTimelines.$inferSelect;

export async function getVideo(id: number): Promise<Video | undefined> {
  const db = await getDb();
  const [row] = await db.select().from(videos).where(eq(videos.id, id)).limit(1);
  return row;
}

export async function getVideoByYoutubeId(youtubeId: string): Promise<Video | undefined> {
  const db = await getDb();
  const [row] = await db.select().from(videos).where(eq(videos.youtubeId, youtubeId)).limit(1);
  return row;
}

export async function listVideos(opts: { status?: Video["status"]; publishedOnly?: boolean; limit?: number; offset?: number } = {}): Promise<Video[]> {
  const db = await getDb();
  const q = db.select().from(videos);
  const conds = [opts.status ? eq(videos.status, opts.status) : undefined, opts.publishedOnly ? isNotNull(videos.publishedAt) : undefined];
  const filtered = q.where(and(...conds));
  return filtered
    .orderBy(desc(videos.createdAt), desc(videos.id))
    .limit(opts.limit ?? 100)
    .offset(opts.offset ?? 0);
}

/** Inserts a video; undefined when its YouTube/local id is taken (the unique index decides, no race). */
export async function insertVideo(v: NewVideo): Promise<Video | undefined> {
  const db = await getDb();
  const rows = await db.insert(videos).values(v).onConflictDoNothing({ target: videos.youtubeId }).returning();
  return rows[0];
}

export async function updateVideo(id: number, patch: VideoPatch): Promise<Video | undefined> {
  const db = await getDb();
  const [row] = await db.update(videos).set(patch).where(eq(videos.id, id)).returning();
  return row;
}

/** Deletes the row (timeline, runs and tracks go with it by cascade) and returns it. */
export async function deleteVideo(id: number): Promise<Video | undefined> {
  const db = await getDb();
  const [row] = await db.delete(videos).where(eq(videos.id, id)).returning();
  return row;
}

/** Stores (or replaces) a video's encoded timeline; idempotent. */
export async function saveTimeline(t: Omit<StoredTimeline, "createdAt">): Promise<void> {
  const db = await getDb();
  await db
    .insert(videoTimelines)
    .values(t)
    .onConflictDoUpdate({
      target: videoTimelines.videoId,
      set: { timescale: t.timescale, startPts: t.startPts, frameCount: t.frameCount, deltas: t.deltas, createdAt: new Date() },
    });
}

export async function getTimeline(videoId: number): Promise<StoredTimeline | undefined> {
  const db = await getDb();
  const [row] = await db.select().from(videoTimelines).where(eq(videoTimelines.videoId, videoId)).limit(1);
  return row;
}
