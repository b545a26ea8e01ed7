import { env } from "@/lib/env";
import { fileCache } from "./file-cache";
import { localStorage } from "./local";
import { s3Storage } from "./s3";
import type { Storage } from "./types";

export { safeKey, assertKey } from "./keys";
export { MissingObjectError, type Storage, type PutOptions, type ObjectInfo, type LocalFile, type MediaInput } from "./types";
export { fileCache, type FileCache } from "./file-cache";
export { localStorage, s3Storage };

let instance: Storage | undefined;

/** The configured storage: S3-compatible when S3_* is set, else a local directory under DATA_DIR. */
export function storage(): Storage {
  if (instance) return instance;
  const e = env();
  instance =
    e.storage === "s3"
      ? s3Storage({
          endpoint: e.S3_ENDPOINT!,
          bucket: e.S3_BUCKET!,
          region: e.S3_REGION,
          accessKeyId: e.S3_ACCESS_KEY_ID!,
          secretAccessKey: e.S3_SECRET_ACCESS_KEY!,
          forcePathStyle: e.S3_FORCE_PATH_STYLE,
          rangedReads: e.S3_RANGED_READS,
          urlExpiresSeconds: e.S3_URL_EXPIRES_S,
          cache: e.S3_CACHE_MB > 0 ? fileCache(e.s3CacheDir, e.S3_CACHE_MB * 1024 * 1024) : undefined,
        })
      : localStorage(e.storageDir);
  return instance;
}

/** Tests swap storage (e.g. to an s3rver bucket) through this. */
export function setStorage(s: Storage | undefined): void {
  instance = s;
}
