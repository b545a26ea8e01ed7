import type { Readable } from "node:stream";

export type PutOptions = { contentType?: string; size?: number };
/** `etag` changes whenever the object is replaced (S3's ETag; size + mtime on local disk). */
export type ObjectInfo = { size: number; contentType?: string; etag?: string };
export type LocalFile = { path: string; release: () => Promise<void> };

/**
 * Where ffmpeg reads an object for a short read (a few frames): a local path, or (S3) a presigned GET
 * URL that ffmpeg reads with HTTP Range requests, so only the bytes it needs travel. The URL is a
 * credential until it expires: never log it or show it.
 */
export type MediaInput = {
  /** The path or URL to hand to ffmpeg / ffprobe as the input. */
  input: string;
  remote: boolean;
  size: number;
  /** Changes whenever the object is replaced: a key for caches of what was read from it. */
  version: string;
  release: () => Promise<void>;
};

/** The object does not exist (as opposed to storage being unreachable). */
export class MissingObjectError extends Error {
  constructor(readonly key: string) {
    super(`No object at ${key}`);
    this.name = "MissingObjectError";
  }
}

export interface Storage {
  readonly kind: "local" | "s3";
  put(key: string, body: Buffer | Readable | NodeJS.ReadableStream, opts?: PutOptions): Promise<{ size: number }>;
  get(key: string, range?: { start: number; end?: number }): Promise<Readable>;
  stat(key: string): Promise<ObjectInfo | null>;
  delete(key: string): Promise<void>;
  /**
   * A local file for whole-file work (probe, analysis, alignment). S3 objects are downloaded once per
   * version into a bounded on-disk LRU cache (S3_CACHE_MB). Throws MissingObjectError when absent.
   */
  localPath(key: string): Promise<LocalFile>;
  /** ffmpeg input for a short read; null when the object is missing. */
  mediaInput(key: string): Promise<MediaInput | null>;
  check(): Promise<void>;
}
