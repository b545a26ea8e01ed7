import type { Readable } from "node:stream";

export type PutOptions = { contentType?: string; size?: number };
export type ObjectInfo = { size: number; contentType?: string };

export interface Storage {
  readonly kind: "local" | "s3";
  put(key: string, body: Buffer | Readable | NodeJS.ReadableStream, opts?: PutOptions): Promise<{ size: number }>;
  get(key: string, range?: { start: number; end?: number }): Promise<Readable>;
  stat(key: string): Promise<ObjectInfo | null>;
  delete(key: string): Promise<void>;
  /** A local file path for tools that need one (ffmpeg); S3 objects are downloaded to a temp file. */
  localPath(key: string): Promise<{ path: string; release: () => Promise<void> }>;
  check(): Promise<void>;
}
