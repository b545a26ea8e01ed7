import { z } from "zod";
import { groupClicksPage, listClickGroups, videoClicksPage, type ExportClickRow } from "@/db/queries/click-export";
import { DomainError } from "@/lib/errors";
import { canonicalVideoId } from "@/lib/videos/youtube-id";

// Admin downloads of stored clicks: the original system's per-(user, IP, video) JSON file, and every
// click of a video as CSV. Both stream page by page so a hot video never sits in memory whole.

const PAGE = 1000;

/** A video id in any form parseVideoRef reads (bare, `ID&list=…`, a URL), reduced to the id clicks keep. */
const videoIdParam = z
  .string()
  .trim()
  .min(1)
  .max(2048)
  .transform((v, ctx) => {
    try {
      return canonicalVideoId(v);
    } catch (e) {
      ctx.addIssue({ code: "custom", message: e instanceof Error ? e.message : "videoId must be a video id or a YouTube URL" });
      return z.NEVER;
    }
  });

export const exportGroupQuerySchema = z
  .object({
    videoId: videoIdParam,
    /** A user id, or `anonymous` for clicks sent without a token. */
    userId: z.union([z.literal("anonymous"), z.coerce.number().int().positive()]),
    /** The client IP exactly as stored with the clicks. */
    ip: z.string().min(1).max(200),
  })
  .strict();

export const exportVideoQuerySchema = z.object({ videoId: videoIdParam }).strict();

export const clickGroupsQuerySchema = z
  .object({
    videoId: videoIdParam.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();

/** One entry of the original system's click file. */
export const originalClickSchema = z.object({
  x: z.number(),
  y: z.number(),
  /** Seconds of video time. */
  timestamp: z.number(),
  videoId: z.string(),
});

export const clickGroupSchema = z.object({
  userId: z.number().int().nullable(),
  userEmail: z.string().nullable(),
  ip: z.string(),
  videoId: z.string(),
  count: z.number().int(),
  firstAt: z.string(),
  lastAt: z.string(),
  /** Where the group's file downloads from. */
  exportUrl: z.string(),
});
export type ClickGroup = z.infer<typeof clickGroupSchema>;

/** A part of a download's file name: ASCII letters, digits, `.`, `-`, `_` only; no `..`, no leading dot. */
export function safeFilePart(value: string, fallback = "unknown"): string {
  const cleaned = value
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9._-]/g, "_")
    .replace(/\.{2,}/g, "_")
    .replace(/^[.]+/, "_")
    .slice(0, 64);
  return cleaned || fallback;
}

/** The original system's file name: `<user>_<ip>_<videoId>.json`, user = id or `anonymous`. */
export function groupFileName(g: { userId: number | null; ip: string; youtubeId: string }): string {
  const user = g.userId === null ? "anonymous" : String(g.userId);
  return `${safeFilePart(user)}_${safeFilePart(g.ip)}_${safeFilePart(g.youtubeId)}.json`;
}

export function attachment(fileName: string): string {
  // The name is already plain ASCII without quotes or backslashes; the quoting is belt and braces.
  return `attachment; filename="${fileName.replace(/["\\\r\n]/g, "_")}"`;
}

export const CSV_COLUMNS = [
  "id",
  "created_at",
  "user_id",
  "ip",
  "device_id",
  "list_id",
  "list_index",
  "raw_x",
  "raw_y",
  "x",
  "y",
  "timestamp_s",
  "frame_index",
  "pts_ms",
  "track_id",
  "product_id",
  "confidence",
  "match_state",
] as const;

/**
 * One CSV cell (RFC 4180 quoting). Text that a spreadsheet would run as a formula (starting with
 * = + - @, or a tab/CR that some strip first) gets a leading `'`; numbers are written as numbers.
 */
export function csvCell(v: string | number | Date | null | undefined): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(cells: (string | number | Date | null | undefined)[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

function exportRowCells(r: ExportClickRow) {
  return [
    r.id,
    r.createdAt,
    r.userId,
    r.ip,
    r.deviceId,
    r.listId,
    r.listIndex,
    r.rawX,
    r.rawY,
    r.x,
    r.y,
    r.timestampS,
    r.frameIndex,
    r.ptsMs,
    r.trackId,
    r.productId,
    r.confidence,
    r.matchState,
  ];
}

/** The id as the original system wrote it: `ID&list=…&index=…` when the click came from a playlist page. */
export function originalVideoId(r: { youtubeId: string; listId: string | null; listIndex: number | null }): string {
  return `${r.youtubeId}${r.listId ? `&list=${r.listId}` : ""}${r.listId && r.listIndex !== null ? `&index=${r.listIndex}` : ""}`;
}

/** Pulls pages lazily: a page is read from the database only when the client has taken the last one. */
function pagedStream<R extends { id: number }>(
  first: R[],
  next: (afterId: number) => Promise<R[]>,
  render: { head: string; row: (r: R, index: number) => string; tail: string },
): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let page = first;
  let index = 0;
  let state: "head" | "rows" | "done" = "head";
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (state === "head") {
        state = "rows";
        if (render.head) return controller.enqueue(enc.encode(render.head));
      }
      if (state === "done") return;
      if (page.length === 0) {
        state = "done";
        if (render.tail) controller.enqueue(enc.encode(render.tail));
        return controller.close();
      }
      const chunk = page.map((r) => render.row(r, index++)).join("");
      const last = page[page.length - 1]!.id;
      page = page.length < PAGE ? [] : await next(last);
      controller.enqueue(enc.encode(chunk));
    },
  });
}

/** The original system's JSON file for one (user, IP, video); 404 when there are no such clicks. */
export async function exportGroupFile(q: z.infer<typeof exportGroupQuerySchema>): Promise<{ fileName: string; body: ReadableStream<Uint8Array> }> {
  const group = { youtubeId: q.videoId, userId: q.userId === "anonymous" ? null : q.userId, ip: q.ip };
  const first = await groupClicksPage(group, 0, PAGE);
  if (first.length === 0) throw new DomainError("not_found", "No clicks for this user, IP and video");
  const body = pagedStream(first, (after) => groupClicksPage(group, after, PAGE), {
    head: "[\n",
    row: (r, i) => `${i > 0 ? ",\n" : ""}${JSON.stringify(originalClickSchema.parse({ x: r.rawX, y: r.rawY, timestamp: r.timestampS, videoId: originalVideoId(r) }))}`,
    tail: "\n]\n",
  });
  return { fileName: groupFileName(group), body };
}

/** Every click of a video as CSV (header row first; an unknown video gives just the header). */
export async function exportVideoCsv(videoId: string): Promise<{ fileName: string; body: ReadableStream<Uint8Array> }> {
  const first = await videoClicksPage(videoId, 0, PAGE);
  const body = pagedStream(first, (after) => videoClicksPage(videoId, after, PAGE), {
    head: csvRow([...CSV_COLUMNS]),
    row: (r) => csvRow(exportRowCells(r)),
    tail: "",
  });
  return { fileName: `clicks_${safeFilePart(videoId)}.csv`, body };
}

/** (user, IP, video) groups with their download links, newest first. */
export async function clickGroups(q: z.infer<typeof clickGroupsQuerySchema>): Promise<ClickGroup[]> {
  const rows = await listClickGroups({ youtubeId: q.videoId, limit: q.limit, offset: q.offset });
  return rows.map((r) =>
    clickGroupSchema.parse({
      userId: r.userId,
      userEmail: r.userEmail,
      ip: r.ip,
      videoId: r.youtubeId,
      count: r.count,
      firstAt: r.firstAt.toISOString(),
      lastAt: r.lastAt.toISOString(),
      exportUrl: `/api/admin/clicks/export?${new URLSearchParams({ videoId: r.youtubeId, userId: r.userId === null ? "anonymous" : String(r.userId), ip: r.ip })}`,
    }),
  );
}
