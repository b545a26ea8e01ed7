import { and, asc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import { getDb, getDbHandle } from "@/db";
import { analysisRuns, apiTokens, clicks, products, trackBoxes, trackProducts, tracks, users, videos, type Product } from "@/db/schema";

export type NewClick = typeof clicks.$inferInsert;

// The hot path (every click) skips the query builder: one constant statement, prepared once per
// connection, whose single parameter is the rows as JSON — cheap to build for 1 row or 1000.
const CLICK_COLUMNS = [
  ["userId", "user_id", "int"],
  ["tokenId", "token_id", "int"],
  ["ip", "ip", "text"],
  ["deviceId", "device_id", "text"],
  ["youtubeId", "youtube_id", "text"],
  ["listId", "list_id", "text"],
  ["listIndex", "list_index", "int"],
  ["videoId", "video_id", "int"],
  ["rawX", "raw_x", "float8"],
  ["rawY", "raw_y", "float8"],
  ["playerWidth", "player_width", "float8"],
  ["playerHeight", "player_height", "float8"],
  ["videoWidth", "video_width", "int"],
  ["videoHeight", "video_height", "int"],
  ["x", "x", "float8"],
  ["y", "y", "float8"],
  ["timestampS", "timestamp_s", "float8"],
  ["frameIndex", "frame_index", "int"],
  ["ptsMs", "pts_ms", "float8"],
  ["trackId", "track_id", "int"],
  ["productId", "product_id", "int"],
  ["confidence", "confidence", "real"],
  ["matchState", "match_state", "text"],
] as const satisfies readonly (readonly [keyof NewClick, string, string])[];
const INSERT_CLICKS_SQL =
  `insert into clicks (${CLICK_COLUMNS.map((c) => c[1]).join(", ")}) ` +
  `select ${CLICK_COLUMNS.map((c) => (c[1] === "match_state" ? "coalesce(match_state, 'pending')" : c[1])).join(", ")} ` +
  `from json_to_recordset($1::json) as r(${CLICK_COLUMNS.map((c) => `${c[1]} ${c[2]}`).join(", ")}) returning id`;

/** One row as json_to_recordset reads it: column names, null for what is absent. */
function clickRecord(r: NewClick): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, col] of CLICK_COLUMNS) o[col] = r[k] ?? null;
  return o;
}

/** Inserts clicks in one statement; they are committed before the caller answers. Ids in row order. */
export async function insertClicks(rows: NewClick[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const json = JSON.stringify(rows.map(clickRecord));
  const handle = await getDbHandle();
  const out =
    handle.kind === "postgres"
      ? await handle.client.unsafe<{ id: string | number }[]>(INSERT_CLICKS_SQL, [json], { prepare: true })
      : (await handle.client.query<{ id: string | number }>(INSERT_CLICKS_SQL, [json])).rows;
  // Identity values are drawn in row order within one statement.
  return out.map((r) => Number(r.id)).sort((a, b) => a - b);
}

/** Tracks, their boxes and attached products of one video, for the in-memory match index. */
export async function loadMatchData(videoId: number) {
  const db = await getDb();
  // The sampling rate of the run that found each track (its boxes stand until the next sampled frame).
  const trackRows = await db
    .select({ id: tracks.id, label: tracks.label, source: tracks.source, hidden: tracks.hidden, analysisFps: sql<number | null>`(${analysisRuns.params}->>'analysisFps')::float8` })
    .from(tracks)
    .leftJoin(analysisRuns, eq(analysisRuns.id, tracks.runId))
    .where(eq(tracks.videoId, videoId));
  const ids = trackRows.map((t) => t.id);
  const boxes = ids.length
    ? await db
        .select({
          trackId: trackBoxes.trackId,
          frameIndex: trackBoxes.frameIndex,
          ptsMs: trackBoxes.ptsMs,
          x: trackBoxes.x,
          y: trackBoxes.y,
          w: trackBoxes.w,
          h: trackBoxes.h,
          observed: trackBoxes.observed,
          hiddenCells: trackBoxes.hiddenCells,
          outside: trackBoxes.outside,
        })
        .from(trackBoxes)
        .where(inArray(trackBoxes.trackId, ids))
        .orderBy(asc(trackBoxes.trackId), asc(trackBoxes.frameIndex))
    : [];
  const links = ids.length
    ? await db.select({ trackId: trackProducts.trackId, productId: trackProducts.productId }).from(trackProducts).where(inArray(trackProducts.trackId, ids))
    : [];
  // float8 comes back as a number from postgres.js and PGlite alike; Number() guards a driver that sends text.
  return { tracks: trackRows.map((t) => ({ ...t, analysisFps: t.analysisFps === null ? null : Number(t.analysisFps) })), boxes, links };
}

/** Active products that could answer a click: attached ones and those selling one of these classes. */
export async function productsForMatching(ids: number[], itemNames: string[]): Promise<Product[]> {
  if (ids.length === 0 && itemNames.length === 0) return [];
  const db = await getDb();
  const conds = [];
  if (ids.length) conds.push(inArray(products.id, ids));
  if (itemNames.length) conds.push(inArray(products.itemName, itemNames));
  return db
    .select()
    .from(products)
    .where(and(eq(products.active, true), conds.length === 1 ? conds[0] : sql`(${conds[0]} or ${conds[1]})`))
    .orderBy(asc(products.id));
}

export async function pendingClicksFor(youtubeId: string, limit = 5000) {
  const db = await getDb();
  return db
    .select()
    .from(clicks)
    .where(and(eq(clicks.youtubeId, youtubeId), eq(clicks.matchState, "pending")))
    .orderBy(asc(clicks.id))
    .limit(limit);
}

export async function updateClickMatch(
  id: number,
  m: Pick<NewClick, "videoId" | "x" | "y" | "frameIndex" | "ptsMs" | "trackId" | "productId" | "confidence" | "matchState">,
): Promise<void> {
  const db = await getDb();
  await db.update(clicks).set(m).where(eq(clicks.id, id));
}

/** Removes raw clicks of anonymous devices (no user) older than the cut-off; returns how many. */
export async function pruneAnonymousClicks(olderThan: Date): Promise<number> {
  const db = await getDb();
  const rows = await db
    .delete(clicks)
    .where(and(isNull(clicks.userId), lt(clicks.createdAt, olderThan)))
    .returning({ id: clicks.id });
  return rows.length;
}

export async function getClick(id: number) {
  const db = await getDb();
  const [row] = await db.select().from(clicks).where(eq(clicks.id, id)).limit(1);
  return row;
}

/** One click with what an admin reads beside it: who sent it (user, token) and the names of its track and product. */
export async function clickDetails(id: number) {
  const db = await getDb();
  const [row] = await db
    .select({
      click: clicks,
      userEmail: users.email,
      token: { name: apiTokens.name, prefix: apiTokens.prefix },
      trackLabel: tracks.label,
      product: { id: products.id, name: products.name, sku: products.sku, priceCents: products.priceCents, currency: products.currency, active: products.active },
    })
    .from(clicks)
    .leftJoin(users, eq(users.id, clicks.userId))
    .leftJoin(apiTokens, eq(apiTokens.id, clicks.tokenId))
    .leftJoin(tracks, eq(tracks.id, clicks.trackId))
    .leftJoin(products, eq(products.id, clicks.productId))
    .where(eq(clicks.id, id))
    .limit(1);
  return row;
}

export async function videoForClicks(youtubeId: string) {
  const db = await getDb();
  const [row] = await db
    .select({ id: videos.id, width: videos.width, height: videos.height, status: videos.status, publishedAt: videos.publishedAt, classSuggestions: videos.classSuggestions })
    .from(videos)
    .where(eq(videos.youtubeId, youtubeId))
    .limit(1);
  return row;
}
