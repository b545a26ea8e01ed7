import { env } from "@/lib/env";
import { localStorage } from "./local";
import { s3Storage } from "./s3";
import type { Storage } from "./types";

export { safeKey, assertKey } from "./keys";
export type { Storage, PutOptions, ObjectInfo } from "./types";
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
        })
      : localStorage(e.storageDir);
  return instance;
}

/** Tests swap storage (e.g. to an s3rver bucket) through this. */
export function setStorage(s: Storage | undefined): void {
  instance = s;
}
