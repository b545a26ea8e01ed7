import { asc, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { recordingLiveEvents, recordingLiveState, type RecordingLiveEvent, type RecordingLiveState } from "@/db/schema";

export type { RecordingLiveEvent, RecordingLiveState };
export type NewLiveEvent = typeof recordingLiveEvents.$inferInsert;
export type LiveStatePatch = Omit<typeof recordingLiveState.$inferInsert, "recordingId" | "updatedAt" | "chunks">;

/** The newest analysed frame of a recording (one row per recording, overwritten). */
export async function upsertLiveState(recordingId: number, s: LiveStatePatch): Promise<void> {
  const db = await getDb();
  await db
    .insert(recordingLiveState)
    .values({ recordingId, ...s, updatedAt: new Date() })
    .onConflictDoUpdate({ target: recordingLiveState.recordingId, set: { ...s, updatedAt: new Date() } });
}

/** One more chunk of per-frame detections is in storage (the row exists once a frame was written). */
export async function appendLiveChunk(recordingId: number, key: string): Promise<void> {
  const db = await getDb();
  await db
    .update(recordingLiveState)
    .set({ chunks: sql`${recordingLiveState.chunks} || ${JSON.stringify([key])}::jsonb` })
    .where(eq(recordingLiveState.recordingId, recordingId));
}

export async function getLiveState(recordingId: number): Promise<RecordingLiveState | undefined> {
  const db = await getDb();
  const [row] = await db.select().from(recordingLiveState).where(eq(recordingLiveState.recordingId, recordingId)).limit(1);
  return row;
}

export async function insertLiveEvent(e: NewLiveEvent): Promise<RecordingLiveEvent> {
  const db = await getDb();
  const [row] = await db.insert(recordingLiveEvents).values(e).returning();
  if (!row) throw new Error("insert recording_live_events returned no row");
  return row;
}

export async function listLiveEvents(recordingId: number, limit = 500): Promise<RecordingLiveEvent[]> {
  const db = await getDb();
  return db.select().from(recordingLiveEvents).where(eq(recordingLiveEvents.recordingId, recordingId)).orderBy(asc(recordingLiveEvents.startWallClockMs), asc(recordingLiveEvents.id)).limit(limit);
}

export async function getLiveEvent(recordingId: number, eventId: number): Promise<RecordingLiveEvent | undefined> {
  const db = await getDb();
  const [row] = await db.select().from(recordingLiveEvents).where(sql`${recordingLiveEvents.recordingId} = ${recordingId} and ${recordingLiveEvents.id} = ${eventId}`).limit(1);
  return row;
}

/** Where an event starts on the recording's video, once the video is made. */
export async function setLiveEventVideo(eventId: number, videoId: number, videoStartMs: number | null): Promise<void> {
  const db = await getDb();
  await db.update(recordingLiveEvents).set({ videoId, videoStartMs }).where(eq(recordingLiveEvents.id, eventId));
}
