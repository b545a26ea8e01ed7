import { and, asc, count, desc, eq, gt, isNull, max, min, type SQL } from "drizzle-orm";
import { getDb } from "@/db";
import { clicks, users } from "@/db/schema";

/** One (user, IP, video) group of clicks: what the original system kept as one file. */
export type ClickGroupRow = {
  userId: number | null;
  userEmail: string | null;
  ip: string;
  youtubeId: string;
  count: number;
  firstAt: Date;
  lastAt: Date;
};

/** Groups of clicks by (user, IP, video), newest activity first; one video's when youtubeId is given. */
export async function listClickGroups(opts: { youtubeId?: string; limit: number; offset?: number }): Promise<ClickGroupRow[]> {
  const db = await getDb();
  const rows = await db
    .select({
      userId: clicks.userId,
      userEmail: users.email,
      ip: clicks.ip,
      youtubeId: clicks.youtubeId,
      count: count(),
      firstAt: min(clicks.createdAt),
      lastAt: max(clicks.createdAt),
    })
    .from(clicks)
    .leftJoin(users, eq(users.id, clicks.userId))
    .where(opts.youtubeId ? eq(clicks.youtubeId, opts.youtubeId) : undefined)
    .groupBy(clicks.userId, users.email, clicks.ip, clicks.youtubeId)
    .orderBy(desc(max(clicks.createdAt)), asc(clicks.youtubeId), asc(clicks.ip))
    .limit(opts.limit)
    .offset(opts.offset ?? 0);
  return rows.map((r) => ({ ...r, count: Number(r.count), firstAt: toDate(r.firstAt), lastAt: toDate(r.lastAt) }));
}

// min()/max() over a timestamp come back as Date on postgres.js and may come back as text elsewhere.
function toDate(v: Date | string | null): Date {
  return v instanceof Date ? v : new Date(v ?? 0);
}

/** Columns of the original system's file: the click as the extension sent it. */
export type OriginalClickRow = { id: number; rawX: number; rawY: number; timestampS: number; youtubeId: string; listId: string | null; listIndex: number | null };

/** One page (by id, ascending) of the clicks of one (user or anonymous, IP, video) group. */
export async function groupClicksPage(
  group: { youtubeId: string; userId: number | null; ip: string },
  afterId: number,
  limit: number,
): Promise<OriginalClickRow[]> {
  const db = await getDb();
  const who: SQL = group.userId === null ? isNull(clicks.userId) : eq(clicks.userId, group.userId);
  return db
    .select({ id: clicks.id, rawX: clicks.rawX, rawY: clicks.rawY, timestampS: clicks.timestampS, youtubeId: clicks.youtubeId, listId: clicks.listId, listIndex: clicks.listIndex })
    .from(clicks)
    .where(and(eq(clicks.youtubeId, group.youtubeId), who, eq(clicks.ip, group.ip), gt(clicks.id, afterId)))
    .orderBy(asc(clicks.id))
    .limit(limit);
}

export type ExportClickRow = Awaited<ReturnType<typeof videoClicksPage>>[number];

/** One page (by id, ascending) of every click of a video, with the columns of the CSV export. */
export async function videoClicksPage(youtubeId: string, afterId: number, limit: number) {
  const db = await getDb();
  return db
    .select({
      id: clicks.id,
      createdAt: clicks.createdAt,
      userId: clicks.userId,
      ip: clicks.ip,
      deviceId: clicks.deviceId,
      listId: clicks.listId,
      listIndex: clicks.listIndex,
      rawX: clicks.rawX,
      rawY: clicks.rawY,
      x: clicks.x,
      y: clicks.y,
      timestampS: clicks.timestampS,
      frameIndex: clicks.frameIndex,
      ptsMs: clicks.ptsMs,
      trackId: clicks.trackId,
      productId: clicks.productId,
      confidence: clicks.confidence,
      matchState: clicks.matchState,
    })
    .from(clicks)
    .where(and(eq(clicks.youtubeId, youtubeId), gt(clicks.id, afterId)))
    .orderBy(asc(clicks.id))
    .limit(limit);
}
