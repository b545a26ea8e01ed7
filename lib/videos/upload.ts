import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { getVideoByYoutubeId, insertVideo, updateVideo } from "@/db/queries/videos";
import type { AnalysisRun, Video } from "@/db/schema";
import { ConflictError, DomainError, InvalidInputError } from "@/lib/errors";
import { env } from "@/lib/env";
import { enqueue } from "@/lib/jobs/queue";
import { safeKey, storage } from "@/lib/storage";
import { boundaryOf, readField, readMultipart } from "./multipart";
import { inspectUpload, UnplayableError } from "./inspect";
import { checkFilename, idFromFilename, newLocalId, parseVideoRef, VideoIdError, type VideoRef } from "./youtube-id";

const EXTENSIONS = new Set(["mp4", "m4v", "mov", "mkv", "webm", "avi", "ts", "mpg", "mpeg", "ogv", "3gp", "flv"]);
const MULTIPART_SLACK = 64 * 1024;
const MAX_TITLE = 200;

export type UploadResult = { video: Video; run: AnalysisRun | null };

type Fields = { youtube?: string; title?: string; filename?: string };

function invalid(message: string): DomainError {
  return new InvalidInputError(message);
}

function toRef(fields: Fields): VideoRef {
  try {
    if (fields.youtube !== undefined && fields.youtube.trim() !== "") return parseVideoRef(fields.youtube);
    if (fields.filename !== undefined) return idFromFilename(fields.filename) ?? { kind: "local", id: newLocalId() };
    return { kind: "local", id: newLocalId() };
  } catch (e) {
    if (e instanceof VideoIdError) throw invalid(e.message);
    throw e;
  }
}

function checkName(name: string): string {
  try {
    return checkFilename(name);
  } catch (e) {
    if (e instanceof VideoIdError) throw invalid(e.message);
    throw e;
  }
}

async function refuseDuplicate(ref: VideoRef): Promise<void> {
  if (await getVideoByYoutubeId(ref.id)) throw new ConflictError(`A video with id ${ref.id} already exists`);
}

/** A storage key that owes nothing to user input: random name, extension from an allow-list. */
function newStorageKey(filename: string | undefined): string {
  const ext = filename?.split(".").pop()?.toLowerCase();
  return safeKey("videos", `${randomUUID()}.${ext && EXTENSIONS.has(ext) ? ext : "bin"}`);
}

/** Counts bytes on their way to storage and stops the stream past the limit. */
function limited(source: AsyncIterable<Uint8Array>, limit: number, state: { bytes: number; over: boolean }): Readable {
  return Readable.from(
    (async function* () {
      for await (const chunk of source) {
        state.bytes += chunk.byteLength;
        if (state.bytes > limit) {
          state.over = true;
          throw tooLarge(limit);
        }
        yield chunk;
      }
    })(),
  );
}

function tooLarge(limit: number): DomainError {
  return new DomainError("too_large", `The file is larger than the ${Math.round(limit / 1024 / 1024)} MB upload limit`);
}

async function store(key: string, body: AsyncIterable<Uint8Array>, limit: number): Promise<number> {
  const counter = { bytes: 0, over: false };
  try {
    await storage().put(key, limited(body, limit, counter));
  } catch (e) {
    await storage().delete(key).catch(() => {});
    if (counter.over) throw tooLarge(limit);
    throw e;
  }
  return counter.bytes;
}

/**
 * Takes an upload (multipart/form-data with `file` and optional `youtube`, `title`; or the raw file
 * as the body with `?youtube=&title=&filename=`), streams it to storage, checks it is a whole,
 * decodable video before accepting it (422 and nothing kept otherwise), records it and queues the
 * probe job that reads its exact timeline.
 */
export async function ingestUpload(req: Request, uploadedBy: number | null): Promise<UploadResult> {
  const limit = env().MAX_UPLOAD_MB * 1024 * 1024;
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit + MULTIPART_SLACK) throw tooLarge(limit);
  if (!req.body) throw invalid("No file was sent");

  const query = new URL(req.url).searchParams;
  const fields: Fields = {
    youtube: query.get("youtube") ?? undefined,
    title: query.get("title") ?? undefined,
    filename: query.get("filename") ?? undefined,
  };
  let key: string | undefined;
  let size = 0;
  const boundary = boundaryOf(req.headers.get("content-type"));
  try {
    if (boundary) {
      for await (const part of readMultipart(req.body, boundary)) {
        if (part.name === "file" && part.filename !== undefined) {
          if (key) throw invalid("Send one file per upload");
          fields.filename = checkName(part.filename);
          // An id sent before the file lets us refuse a bad or taken id before the upload.
          if (fields.youtube) await refuseDuplicate(toRef(fields));
          key = newStorageKey(fields.filename);
          size = await store(key, part.body, limit);
        } else if (part.name === "youtube" || part.name === "title") {
          fields[part.name] = await readField(part.body, 16 * 1024);
        } else {
          await readField(part.body, 64 * 1024);
        }
      }
    } else {
      const type = req.headers.get("content-type") ?? "";
      if (type && !/^(video\/|application\/octet-stream)/i.test(type)) {
        throw new DomainError("unsupported", "Send multipart/form-data with a `file` field, or the video itself as the body");
      }
      if (fields.filename !== undefined) checkName(fields.filename);
      await refuseDuplicate(toRef(fields));
      key = newStorageKey(fields.filename);
      size = await store(key, req.body as unknown as AsyncIterable<Uint8Array>, limit);
    }
    if (!key) throw invalid("No file was sent (expected a form field named `file`)");

    const ref = toRef(fields);
    const title = (fields.title?.trim() || fields.filename?.replace(/\.[^.]*$/, "") || ref.id).slice(0, MAX_TITLE);
    if (size === 0) throw invalid("The file is empty");
    const facts = await inspectUpload(key);
    const video = await insertVideo({
      youtubeId: ref.id,
      sourceUrl: ref.sourceUrl ?? null,
      listId: ref.listId ?? null,
      listIndex: ref.listIndex ?? null,
      title,
      storageKey: key,
      originalName: fields.filename ?? null,
      sizeBytes: size,
      durationMs: facts.durationMs,
      width: facts.width,
      height: facts.height,
      codec: facts.codec,
      status: "uploaded",
      uploadedBy,
    });
    if (!video) throw new ConflictError(`A video with id ${ref.id} already exists`);
    key = undefined; // from here on the object belongs to the video row
    try {
      const { run } = await enqueue("probe-video", { videoId: video.id }, { run: { requestedBy: uploadedBy } });
      return { video, run };
    } catch (e) {
      console.error("[videos] could not queue the probe job", e);
      const failed = await updateVideo(video.id, { status: "failed", error: "Could not queue processing; try again" });
      return { video: failed ?? video, run: null };
    }
  } catch (e) {
    if (e instanceof UnplayableError) throw invalid(e.message);
    throw e;
  } finally {
    if (key) await storage().delete(key).catch(() => {});
  }
}
