import fs from "node:fs";
import { Readable } from "node:stream";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as adminVideoRoute from "@/app/api/admin/videos/[id]/route";
import * as fileRoute from "@/app/api/videos/[id]/file/route";
import * as frameRoute from "@/app/api/videos/[id]/frame/route";
import * as videosRoute from "@/app/api/videos/route";
import { getRun } from "@/db/queries/runs";
import { getVideo, updateVideo } from "@/db/queries/videos";
import { resetEnvForTests } from "@/lib/env";
import { startWorkers } from "@/lib/jobs";
import { s3Storage, setStorage, type Storage } from "@/lib/storage";
import { fixture, noise } from "@/tests/fixtures/derived";
import { createTestDb, TEST_DB } from "@/tests/helpers/db";
import { call, userWithToken } from "@/tests/helpers/http";
import { startS3, type TestS3 } from "@/tests/helpers/s3";
import { multipart } from "./ingest-helpers";

// S3-compatible storage against s3rver (an S3 protocol server in Node, dev dependency): the storage
// API itself, then the whole upload → probe job → frame/file → delete flow with S3 as the store.

const BUCKET = "framecart-test";
const good = fs.readFileSync(fixture("vfr-barcode.mp4"));
let s3: TestS3;
let store: Storage;
let client: S3Client;
let drop: () => Promise<void>;
let admin = "";
let workers: { stop(): Promise<void> } | undefined;

async function objects(): Promise<string[]> {
  const out = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  return (out.Contents ?? []).map((o) => o.Key ?? "").sort();
}

async function readAll(r: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of r) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  s3 = await startS3(BUCKET);
  const { cfg } = s3;
  store = s3Storage(cfg);
  client = new S3Client({ endpoint: cfg.endpoint, region: cfg.region, forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
  ({ drop } = await createTestDb());
  admin = (await userWithToken("admin")).token;
});

afterAll(async () => {
  await workers?.stop();
  setStorage(undefined);
  await drop();
  await s3.close();
});

describe("s3Storage against s3rver", () => {
  it("put / stat / get / range / localPath / delete", async () => {
    await store.check();
    const data = noise(300_000);
    expect(await store.put("t/a.bin", data, { contentType: "application/octet-stream" })).toEqual({ size: data.length });
    expect(await store.stat("t/a.bin")).toMatchObject({ size: data.length });
    expect((await readAll(await store.get("t/a.bin"))).equals(data)).toBe(true);
    expect((await readAll(await store.get("t/a.bin", { start: 1000, end: 1999 }))).equals(data.subarray(1000, 2000))).toBe(true);
    expect((await readAll(await store.get("t/a.bin", { start: 299_990 }))).equals(data.subarray(299_990))).toBe(true);
    const local = await store.localPath("t/a.bin");
    expect(fs.readFileSync(local.path).equals(data)).toBe(true);
    await local.release();
    expect(fs.existsSync(local.path)).toBe(false);
    await store.delete("t/a.bin");
    expect(await store.stat("t/a.bin")).toBeNull();
    await expect(store.get("t/a.bin")).rejects.toThrow();
    await expect(store.stat("../x")).rejects.toThrow(/Invalid storage name/);
  });

  it("streams a body larger than one part as a multipart upload", async () => {
    const big = noise(9 * 1024 * 1024, 7);
    const res = await store.put("t/big.bin", Readable.from((function* () {
      for (let i = 0; i < big.length; i += 256 * 1024) yield big.subarray(i, i + 256 * 1024);
    })()));
    expect(res.size).toBe(big.length);
    expect((await readAll(await store.get("t/big.bin"))).equals(big)).toBe(true);
    await store.delete("t/big.bin");
  });
});

describe(`upload flow with S3 storage on ${TEST_DB}`, () => {
  const upload = (parts: Parameters<typeof multipart>[0]) => {
    const { body, contentType } = multipart(parts);
    return call(videosRoute.POST, "/api/videos", { method: "POST", token: admin, body, headers: { "content-type": contentType } });
  };

  it("upload → probe job → exact frame and ranged file from S3 → delete leaves the bucket empty", async () => {
    setStorage(store);
    workers = await startWorkers({ concurrency: 1, pollingIntervalSeconds: 0.5 });
    const r = await upload([{ name: "youtube", value: "s3-video-01" }, { name: "file", filename: "clip.mp4", data: good }]);
    expect(r.status).toBe(201);
    const { video, run } = r.body as { video: { id: number }; run: { id: number } };
    const v = await getVideo(video.id);
    expect(await objects()).toEqual([v!.storageKey]);
    for (let i = 0; i < 200; i++) {
      const s = (await getRun(run.id))?.status;
      if (s === "succeeded" || s === "failed") break;
      await new Promise((res) => setTimeout(res, 100));
    }
    expect((await getRun(run.id))?.status).toBe("succeeded");
    expect(await getVideo(video.id)).toMatchObject({ status: "ready", frameCount: 226 });
    expect(await objects()).toEqual([`thumbnails/video-${video.id}.jpg`, v!.storageKey].sort());

    await updateVideo(video.id, { publishedAt: new Date() }); // shoppers read published videos only
    const frame = await call(frameRoute.GET, "/x?t=100.1", { params: { id: String(video.id) } });
    expect(frame.status).toBe(200);
    expect(frame.res.headers.get("x-frame-index")).toBe("3");
    const part = await call(fileRoute.GET, "/x", { params: { id: String(video.id) }, headers: { range: "bytes=10-19" } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.res.arrayBuffer()).equals(good.subarray(10, 20))).toBe(true);

    const del = await call(adminVideoRoute.DELETE, "/x", { method: "DELETE", token: admin, params: { id: String(video.id) } });
    expect(del.status).toBe(200);
    expect(await objects()).toEqual([]);
  });

  it("a refused upload (not a video, too large) leaves nothing in the bucket", async () => {
    setStorage(store);
    expect((await upload([{ name: "file", filename: "x.mp4", data: noise(200_000) }])).status).toBe(422);
    expect((await upload([{ name: "file", filename: "x.mp4", data: Buffer.concat([good.subarray(0, 80_000)]) }])).status).toBe(422);
    resetEnvForTests({ MAX_UPLOAD_MB: "1" });
    try {
      expect((await upload([{ name: "file", filename: "x.mp4", data: noise(2 * 1024 * 1024) }])).status).toBe(413);
    } finally {
      resetEnvForTests({ MAX_UPLOAD_MB: undefined });
    }
    expect(await objects()).toEqual([]);
  });
});
