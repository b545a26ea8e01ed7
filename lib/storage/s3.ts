import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { uncached, type FileCache } from "./file-cache";
import { assertKey } from "./keys";
import { MissingObjectError, type Storage } from "./types";

export type S3Config = {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
  prefix?: string;
  /** Whole-file reads go through this on-disk cache (else a temp download per read). */
  cache?: FileCache;
  /** Short reads hand ffmpeg a presigned GET URL (default); false: they download like whole-file reads. */
  rangedReads?: boolean;
  /** Lifetime of those URLs (default 900 s): longer than any single ffmpeg run of a short read. */
  urlExpiresSeconds?: number;
};

/** S3-compatible storage (MinIO, AWS, R2); uploads stream as multipart, nothing is buffered whole. */
export function s3Storage(cfg: S3Config): Storage {
  const clientConfig = {
    endpoint: cfg.endpoint,
    region: cfg.region,
    forcePathStyle: cfg.forcePathStyle,
    credentials: { accessKeyId: cfg.accessKeyId, secretAccessKey: cfg.secretAccessKey },
  };
  const client = new S3Client(clientConfig);
  // Presigned GETs for ffmpeg carry no checksum parameters: it reads ranges, which have none, and some
  // S3-compatible servers refuse parameters they do not know.
  const signer = new S3Client({ ...clientConfig, requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" });
  const k = (key: string) => (cfg.prefix ? `${cfg.prefix}/` : "") + assertKey(key);
  const isMissing = (e: unknown) => {
    const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
    return err.name === "NotFound" || err.name === "NoSuchKey" || err.$metadata?.httpStatusCode === 404;
  };
  const s: Storage = {
    kind: "s3",
    async put(key, body, opts) {
      const upload = new Upload({
        client,
        params: { Bucket: cfg.bucket, Key: k(key), Body: body as Readable | Buffer, ContentType: opts?.contentType },
        queueSize: 2,
        partSize: 8 * 1024 * 1024,
      });
      await upload.done();
      const info = await s.stat(key);
      return { size: info?.size ?? 0 };
    },
    async get(key, range) {
      const out = await client.send(
        new GetObjectCommand({
          Bucket: cfg.bucket,
          Key: k(key),
          Range: range ? `bytes=${range.start}-${range.end ?? ""}` : undefined,
        }),
      );
      return out.Body as Readable;
    },
    async stat(key) {
      try {
        const h = await client.send(new HeadObjectCommand({ Bucket: cfg.bucket, Key: k(key) }));
        return { size: h.ContentLength ?? 0, contentType: h.ContentType, etag: h.ETag };
      } catch (e) {
        if (isMissing(e)) return null;
        throw e;
      }
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: cfg.bucket, Key: k(key) }));
    },
    async localPath(key) {
      const info = await s.stat(key);
      if (!info) throw new MissingObjectError(key);
      const fill = async (dest: string) => {
        // If-Match: a copy is of exactly the version the cache files it under (412 if replaced since).
        const out = await client.send(new GetObjectCommand({ Bucket: cfg.bucket, Key: k(key), IfMatch: info.etag }));
        await pipeline(out.Body as Readable, fs.createWriteStream(dest));
        const got = (await fs.promises.stat(dest)).size;
        if (got !== info.size) throw new Error(`Downloaded ${got} of ${info.size} bytes of ${key}`);
      };
      const name = path.basename(key);
      if (!cfg.cache || !info.etag) return uncached(name, fill);
      return cfg.cache.acquire(`${cfg.endpoint}|${cfg.bucket}|${k(key)}|${info.etag}`, name, info.size, fill);
    },
    async mediaInput(key) {
      if (cfg.rangedReads === false) {
        const local = await s.localPath(key).catch((e: unknown) => {
          if (e instanceof MissingObjectError) return null;
          throw e;
        });
        const info = local && (await fs.promises.stat(local.path));
        return local && info ? { input: local.path, remote: false, size: info.size, version: `${info.size}-${info.mtimeMs}`, release: local.release } : null;
      }
      const info = await s.stat(key);
      if (!info) return null;
      const input = await getSignedUrl(signer, new GetObjectCommand({ Bucket: cfg.bucket, Key: k(key) }), { expiresIn: cfg.urlExpiresSeconds ?? 900 });
      return { input, remote: true, size: info.size, version: info.etag ?? String(info.size), release: async () => {} };
    },
    async check() {
      await client.send(new HeadBucketCommand({ Bucket: cfg.bucket }));
    },
  };
  return s;
}
