import { randomBytes } from "node:crypto";

// Ids that name a video. A YouTube id is exactly 11 characters of [A-Za-z0-9_-]. A video uploaded
// without a YouTube id gets a *local* id: 1–64 characters of the same alphabet whose length is not 11
// (so the two kinds never collide); generated ones look like `local-<12 chars>`. Ids are stored in the
// `videos.youtube_id` column and are never used in a storage path: keys are random (see upload.ts).

export const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
export const LOCAL_ID = /^[A-Za-z0-9_-]{1,64}$/;
const LIST_ID = /^[A-Za-z0-9_-]{2,64}$/;
const MAX_INPUT = 2048;

export type VideoRef = {
  kind: "youtube" | "local";
  id: string;
  /** Playlist the link pointed into (`&list=`), kept as the original system did. */
  listId?: string;
  /** 1-based position in that playlist (`&index=`). */
  listIndex?: number;
  /** The canonical watch URL for YouTube ids. */
  sourceUrl?: string;
};

export class VideoIdError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "VideoIdError";
  }
}

const YT_HOSTS = new Set([
  "youtube.com",
  "www.youtube.com",
  "m.youtube.com",
  "music.youtube.com",
  "youtube-nocookie.com",
  "www.youtube-nocookie.com",
]);
const SHORT_HOSTS = new Set(["youtu.be", "www.youtu.be"]);
const PATH_PREFIXES = ["shorts", "embed", "live", "v", "e"];

export function isYoutubeId(s: string): boolean {
  return YOUTUBE_ID.test(s);
}

/** A valid id of either kind; an 11-character one is always a YouTube id. */
export function isVideoId(s: string): boolean {
  return LOCAL_ID.test(s);
}

function ref(id: string, extra: { listId?: string; listIndex?: number } = {}): VideoRef {
  if (isYoutubeId(id)) {
    return { kind: "youtube", id, ...extra, sourceUrl: `https://www.youtube.com/watch?v=${id}` };
  }
  return { kind: "local", id };
}

function fail(input: string, why: string): never {
  throw new VideoIdError(`${why}: ${JSON.stringify(input.slice(0, 40))}${input.length > 40 ? "…" : ""}`);
}

/**
 * Parses what an admin typed: a YouTube URL (`watch?v=`, `youtu.be/`, `shorts/`, `embed/`, `live/`,
 * m./music. hosts, `&list=…&index=…`), a bare YouTube id, the original system's `ID&list=…&index=…`, or a
 * local id. Throws VideoIdError.
 */
export function parseVideoRef(raw: string): VideoRef {
  const input = raw.trim();
  if (input.length === 0) fail(raw, "Empty video id");
  if (input.length > MAX_INPUT) fail(input, "Video id or URL is too long");
  if (/[\u0000-\u001f\u007f]/.test(input)) fail(input, "Video id contains control characters");
  if (LOCAL_ID.test(input)) return ref(input);
  // The original system's form: the watch URL's query without the host, `ID&list=…&index=…` or `v=ID&…`.
  const bare = /^(?:(?:\/?watch)?\??v=)?([A-Za-z0-9_-]{11})[&?](.*)$/.exec(input) ?? /^(?:\/?watch)?\??v=([A-Za-z0-9_-]{11})$/.exec(input);
  if (bare?.[1]) return ref(bare[1], listOf(new URLSearchParams(bare[2] ?? ""), input));

  const looksLikeUrl = /^(https?:\/\/)?([a-z0-9-]+\.)*(youtube\.com|youtube-nocookie\.com|youtu\.be)(\/|$)/i.test(input);
  if (!looksLikeUrl) fail(input, "Not a YouTube URL or a valid video id");
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(input) ? input : `https://${input}`);
  } catch {
    fail(input, "Not a valid URL");
  }
  const host = url.hostname.toLowerCase();
  const segments = url.pathname.split("/").filter(Boolean);
  let id: string | undefined;
  if (SHORT_HOSTS.has(host)) {
    id = segments[0];
  } else if (YT_HOSTS.has(host)) {
    if (segments[0] === "watch") id = url.searchParams.get("v") ?? undefined;
    else if (segments[0] && PATH_PREFIXES.includes(segments[0])) id = segments[1];
  } else {
    fail(input, "Not a YouTube host");
  }
  if (id === undefined || !isYoutubeId(id)) fail(input, "No valid YouTube video id in this URL");

  return ref(id, listOf(url.searchParams, input));
}

/** `list` and `index` of a watch URL's query, checked (the original system kept both with the id). */
function listOf(params: URLSearchParams, input: string): { listId?: string; listIndex?: number } {
  const extra: { listId?: string; listIndex?: number } = {};
  const list = params.get("list");
  if (list !== null && list !== "") {
    if (!LIST_ID.test(list)) fail(input, "Invalid playlist id");
    extra.listId = list;
    const index = params.get("index");
    if (index !== null && index !== "") {
      const n = Number(index);
      if (!Number.isSafeInteger(n) || n < 1 || n > 100_000) fail(input, "Invalid playlist index");
      extra.listIndex = n;
    }
  }
  return extra;
}

/** The id any accepted form names (11-character YouTube id, or a local id): what clicks, carts and exports store. */
export function canonicalVideoId(raw: string): string {
  return parseVideoRef(raw).id;
}

/** canonicalVideoId, or null for input that names no video (where an id is only a hint, e.g. cart attribution). */
export function canonicalVideoIdOrNull(raw: string): string | null {
  try {
    return canonicalVideoId(raw);
  } catch (e) {
    if (e instanceof VideoIdError) return null;
    throw e;
  }
}

const MAX_FILENAME = 255;

/**
 * Checks an uploaded file's name and reads an id from `<videoId>.<ext>` when it has that shape.
 * Names that try to be paths (`/`, `\`, `..`), contain NUL or control characters, or are over 255
 * characters are refused; any other name is fine but yields no id (`undefined`).
 */
export function idFromFilename(name: string): VideoRef | undefined {
  checkFilename(name);
  const m = /^([A-Za-z0-9_-]{1,64})\.[A-Za-z0-9]{1,8}$/.exec(name);
  if (m?.[1]) return ref(m[1]);
  // The original system named files after the watch URL's id: `ID&list=…&index=37.mp4`.
  const orig = /^([A-Za-z0-9_-]{11}&[^.]*)\.[A-Za-z0-9]{1,8}$/.exec(name);
  if (!orig?.[1]) return undefined;
  try {
    return parseVideoRef(orig[1]);
  } catch {
    return undefined;
  }
}

/** Throws VideoIdError for file names that are not plain names. */
export function checkFilename(name: string): string {
  if (name.length === 0) fail(name, "Empty file name");
  if (name.length > MAX_FILENAME) fail(name, "File name is too long");
  if (/[\u0000-\u001f\u007f]/.test(name)) fail(name, "File name contains control characters");
  if (name.includes("/") || name.includes("\\") || name.includes("..")) fail(name, "File name must not contain a path");
  return name;
}

/** A fresh local id for uploads that name no YouTube video. */
export function newLocalId(): string {
  return `local-${randomBytes(9).toString("base64url")}`;
}
