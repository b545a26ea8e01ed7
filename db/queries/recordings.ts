import { desc, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { streamRecordings } from "@/db/schema";

export type StreamRecording = typeof streamRecordings.$inferSelect;
export type NewStreamRecording = typeof streamRecordings.$inferInsert;
export type RecordingPatch = Partial<Omit<NewStreamRecording, "id" | "createdAt">>;

export async function insertRecording(r: NewStreamRecording): Promise<StreamRecording> {
  const db = await getDb();
  const [row] = await db.insert(streamRecordings).values(r).returning();
  if (!row) throw new Error("insert stream_recordings returned no row");
  return row;
}

export async function getRecording(id: number): Promise<StreamRecording | undefined> {
  const db = await getDb();
  const [row] = await db.select().from(streamRecordings).where(eq(streamRecordings.id, id)).limit(1);
  return row;
}

export async function listRecordings(limit = 50): Promise<StreamRecording[]> {
  const db = await getDb();
  return db.select().from(streamRecordings).orderBy(desc(streamRecordings.id)).limit(limit);
}

export async function updateRecording(id: number, patch: RecordingPatch): Promise<StreamRecording | undefined> {
  const db = await getDb();
  const [row] = await db.update(streamRecordings).set(patch).where(eq(streamRecordings.id, id)).returning();
  return row;
}
