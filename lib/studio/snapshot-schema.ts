import { getTableColumns, type Column } from "drizzle-orm";
import { z } from "zod";
import { trackBoxes, trackProducts, tracks } from "@/db/schema";
import { labelSchema } from "@/lib/catalogue/labels";

// The zod schemas of a track snapshot (POST …/tracks/snapshot answers it, POST …/tracks/restore takes it
// back), made from the tables' own column definitions: a column added to tracks, track_boxes or
// track_products later is part of the snapshot (and checked) with no change here.

const INT4 = 2_147_483_647;
/** Text columns are short (labels, hidden-cell grids); a generous cap keeps a forged body bounded. */
const MAX_TEXT = 100_000;

/** One column's value as JSON carries it; `wire`: as answered (timestamps as ISO strings), else as parsed (Dates). */
function columnSchema(c: Column, wire: boolean): z.ZodType {
  const enumValues = (c as { enumValues?: string[] }).enumValues;
  let s: z.ZodType;
  if (enumValues && enumValues.length > 0) s = z.enum(enumValues as [string, ...string[]]);
  else if (c.columnType === "PgInteger") s = z.number().int().min(-INT4 - 1).max(INT4);
  else if (c.dataType === "number") s = z.number().finite();
  else if (c.dataType === "boolean") s = z.boolean();
  else if (c.dataType === "string") s = z.string().max(MAX_TEXT);
  else if (c.dataType === "date") s = wire ? z.iso.datetime({ offset: true }) : z.iso.datetime({ offset: true }).transform((v) => new Date(v));
  else throw new Error(`snapshot: no schema for column ${c.name} (${c.columnType})`);
  if (!c.notNull) s = s.nullable();
  // A column with a default may be missing (a snapshot taken before the column existed).
  return c.hasDefault || !c.notNull ? s.optional() : s;
}

function rowSchema(table: Parameters<typeof getTableColumns>[0], wire: boolean, overrides: Record<string, z.ZodType> = {}) {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, col] of Object.entries(getTableColumns(table))) shape[key] = overrides[key] ?? columnSchema(col, wire);
  return z.strictObject(shape);
}

const id = z.number().int().positive().max(INT4);

// The generated row schemas check every column; their static types name the ones the restore reads.
type Row<K extends string> = { [k in K]: number } & Record<string, unknown>;
const typed = <T>(s: z.ZodType) => s as unknown as z.ZodType<T>;

function snapshotSchema(wire: boolean) {
  return z.strictObject({
    videoId: id,
    tracks: z
      .array(
        z.strictObject({
          // Every restored track keeps its id; videoId must be the video's own.
          track: typed<Row<"id" | "videoId">>(rowSchema(tracks, wire, { id, videoId: id, label: wire ? z.string() : labelSchema })),
          boxes: z.array(typed<Row<"trackId" | "frameIndex">>(rowSchema(trackBoxes, wire, { trackId: id, frameIndex: z.number().int().min(0).max(INT4) }))).max(200_000),
          product: typed<Row<"trackId" | "productId">>(rowSchema(trackProducts, wire, { trackId: id, productId: id })).nullable(),
        }),
      )
      .max(10_000),
  });
}

/** A snapshot as the server answers it (the OpenAPI document's response side). */
export const trackSnapshot = snapshotSchema(true);
/** A snapshot sent back by a client: parsed (timestamps become Dates) and checked column by column. */
export const trackSnapshotInput = snapshotSchema(false);
export type TrackSnapshotInput = z.infer<typeof trackSnapshotInput>;

export const snapshotBody = z.strictObject({ trackIds: z.array(id).min(1, "name at least one track").max(10_000) });
export const restoreBody = z.strictObject({
  snapshot: trackSnapshotInput,
  /** Tracks of the video to delete first (e.g. the half a split made). */
  removeTrackIds: z.array(id).max(10_000).default([]),
});
export type RestoreBody = z.infer<typeof restoreBody>;
export const restoreResult = z.object({
  videoId: id,
  restored: z.array(id),
  removed: z.array(id),
  droppedProductLinks: z.array(id).meta({ description: "Tracks whose product was deleted since the snapshot: restored without it" }),
});

/** Request bodies are read up to this size: a snapshot of many long tracks is a few MB of JSON. */
export const RESTORE_BODY_LIMIT = 32 * 1024 * 1024;
export const SNAPSHOT_BODY_LIMIT = 256 * 1024;
