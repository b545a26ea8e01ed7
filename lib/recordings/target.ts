import path from "node:path";
import { env } from "@/lib/env";
import { localStorage, s3Storage, type Storage } from "@/lib/storage";

export interface RecordTarget {
  /** Where the segments and index go; keys are relative to the target's prefix. */
  store: Storage;
  /** The target as given, normalised (s3://bucket/prefix or an absolute directory). */
  label: string;
}

/**
 * `s3://bucket/prefix` (endpoint and keys from S3_* settings) or a directory. The bucket comes from
 * the URL so one deployment can record into another bucket than the one that holds the videos.
 */
export function parseTarget(target: string, s3?: { endpoint: string; accessKeyId: string; secretAccessKey: string; region?: string; forcePathStyle?: boolean }): RecordTarget {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(target);
  if (m) {
    const bucket = m[1] as string;
    const prefix = (m[2] ?? "").replace(/\/+$/, "");
    if (prefix.split("/").some((p) => p === ".." || p === ".")) throw new Error(`Invalid S3 prefix in ${target}`);
    const e = env();
    const cfg = s3 ?? {
      endpoint: e.S3_ENDPOINT ?? "",
      accessKeyId: e.S3_ACCESS_KEY_ID ?? "",
      secretAccessKey: e.S3_SECRET_ACCESS_KEY ?? "",
      region: e.S3_REGION,
      forcePathStyle: e.S3_FORCE_PATH_STYLE,
    };
    if (!cfg.endpoint || !cfg.accessKeyId || !cfg.secretAccessKey) {
      throw new Error("Recording to s3:// needs S3_ENDPOINT, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY");
    }
    const store = s3Storage({
      endpoint: cfg.endpoint,
      bucket,
      region: cfg.region ?? "us-east-1",
      accessKeyId: cfg.accessKeyId,
      secretAccessKey: cfg.secretAccessKey,
      forcePathStyle: cfg.forcePathStyle ?? true,
      prefix: prefix || undefined,
    });
    return { store, label: `s3://${bucket}${prefix ? `/${prefix}` : ""}` };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) throw new Error(`Unsupported target ${target}: use s3://bucket/prefix or a directory`);
  const dir = path.resolve(target);
  return { store: localStorage(dir), label: dir };
}
