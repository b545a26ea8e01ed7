import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { randomBytes } from "node:crypto";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { assertKey } from "./keys";
import type { Storage } from "./types";

export type S3Config = {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
  prefix?: string;
};

/** S3-compatible storage (MinIO, AWS, R2); uploads stream as multipart, nothing is buffered whole. */
export function s3Storage(cfg: S3Config): Storage {
  const client = new S3Client({
    endpoint: cfg.endpoint,
    region: cfg.region,
    forcePathStyle: cfg.forcePathStyle,
    credentials: { accessKeyId: cfg.accessKeyId, secretAccessKey: cfg.secretAccessKey },
  });
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
        return { size: h.ContentLength ?? 0, contentType: h.ContentType };
      } catch (e) {
        if (isMissing(e)) return null;
        throw e;
      }
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: cfg.bucket, Key: k(key) }));
    },
    async localPath(key) {
      const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "framecart-s3-"));
      const file = path.join(dir, `${randomBytes(4).toString("hex")}-${path.basename(key)}`);
      await pipeline(await s.get(key), fs.createWriteStream(file));
      return { path: file, release: () => fsp.rm(dir, { recursive: true, force: true }) };
    },
    async check() {
      await client.send(new HeadBucketCommand({ Bucket: cfg.bucket }));
    },
  };
  return s;
}
