import { and, desc, eq, inArray, isNull, lt, notInArray, or, sql } from "drizzle-orm";
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

// ─── leases: a recording is run by whichever worker holds its lease (lib/recordings/supervisor.ts) ───
// Lease times come from the database clock, so workers on several machines agree on expiry.
const t = streamRecordings;
const active = inArray(t.status, ["starting", "recording"]);
const leaseFree = or(isNull(t.leaseUntil), lt(t.leaseUntil, sql`now()`));
const leaseFor = (ms: number) => sql`now() + (${Math.round(ms)}::integer * interval '1 millisecond')`;

/**
 * Takes one active recording nobody holds (no lease, or its holder stopped renewing) for `owner`,
 * atomically: of several workers polling at once exactly one gets each row. `id` restricts to one row,
 * `exclude` skips rows this worker cannot run.
 */
export async function claimRecording(
  owner: string,
  leaseMs: number,
  only: { id?: number; exclude?: number[] } = {},
): Promise<StreamRecording | undefined> {
  const db = await getDb();
  const { id, exclude = [] } = only;
  const free = and(active, leaseFree, id === undefined ? undefined : eq(t.id, id), exclude.length ? notInArray(t.id, exclude) : undefined);
  const pick = db.select({ id: t.id }).from(t).where(free).orderBy(t.id).limit(1).for("update", { skipLocked: true });
  const [row] = await db.update(t).set({ owner, leaseUntil: leaseFor(leaseMs) }).where(and(inArray(t.id, pick), free)).returning();
  return row;
}

/** Extends the lease while `owner` still holds it; undefined when it was lost (expired and taken). */
export async function renewRecordingLease(id: number, owner: string, leaseMs: number): Promise<{ stopRequestedAt: Date | null } | undefined> {
  const db = await getDb();
  const [row] = await db
    .update(t)
    .set({ leaseUntil: leaseFor(leaseMs) })
    .where(and(eq(t.id, id), eq(t.owner, owner)))
    .returning({ stopRequestedAt: t.stopRequestedAt });
  return row;
}

/** updateRecording, only while `owner` holds the row (a worker that lost it must not overwrite it). */
export async function updateOwnedRecording(id: number, owner: string, patch: RecordingPatch): Promise<StreamRecording | undefined> {
  const db = await getDb();
  const [row] = await db.update(t).set(patch).where(and(eq(t.id, id), eq(t.owner, owner))).returning();
  return row;
}

/** Gives the lease up: an active row is then claimable at once (hand-over), a finished one just unowned. */
export async function releaseRecording(id: number, owner: string): Promise<void> {
  const db = await getDb();
  await db.update(t).set({ owner: null, leaseUntil: null }).where(and(eq(t.id, id), eq(t.owner, owner)));
}

/** Marks an active recording to stop; the holder sees it on its next heartbeat. Undefined if not active. */
export async function requestRecordingStop(id: number): Promise<StreamRecording | undefined> {
  const db = await getDb();
  const [row] = await db
    .update(t)
    .set({ stopRequestedAt: sql`coalesce(${t.stopRequestedAt}, now())` })
    .where(and(eq(t.id, id), active))
    .returning();
  return row;
}
