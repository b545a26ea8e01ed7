import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as videosRoute from "@/app/api/videos/route";
import { listRunsForVideo } from "@/db/queries/runs";
import { getVideoByYoutubeId, listVideos } from "@/db/queries/videos";
import { resetEnvForTests } from "@/lib/env";
import { localStorage, setStorage } from "@/lib/storage";
import { fixture, makeDerived, noise, removeDerived, type Derived } from "@/tests/fixtures/derived";
import { createTestDb, TEST_DB } from "@/tests/helpers/db";
import { call, userWithToken } from "@/tests/helpers/http";
import { listFiles, multipart, streamOf, type Part } from "./ingest-helpers";

// POST /api/videos: what is accepted, what is refused (and that nothing is left behind when refused).
// No worker runs here: accepted uploads stay queued (the job side is in ingest-video-api.test.ts).

const YT = "dQw4w9WgXcQ";
let drop: () => Promise<void>;
let dir: string;
let admin = "";
let shopper = "";
let derived: Derived;
const good = fs.readFileSync(fixture("vfr-barcode.mp4"));

function upload(parts: Part[], token = admin) {
  const { body, contentType } = multipart(parts);
  return call(videosRoute.POST, "/api/videos", { method: "POST", token, body, headers: { "content-type": contentType } });
}
const file = (data: Buffer, filename = "clip.mp4"): Part => ({ name: "file", filename, data });
const err = (r: { body: unknown }) => (r.body as { error: { code: string; message: string } }).error;

beforeAll(async () => {
  ({ drop } = await createTestDb());
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), "fc-ingest-"));
  setStorage(localStorage(dir));
  admin = (await userWithToken("admin")).token;
  shopper = (await userWithToken("shopper")).token;
  derived = await makeDerived();
});

afterAll(async () => {
  setStorage(undefined);
  removeDerived(derived);
  await drop();
  await fsp.rm(dir, { recursive: true, force: true });
});

describe(`upload on ${TEST_DB}`, () => {
  it("accepts a video: streams it to storage under a random key, records it, queues the probe", async () => {
    const r = await upload([
      { name: "youtube", value: `https://www.youtube.com/watch?v=${YT}&list=PLabcdef123&index=4` },
      { name: "title", value: "Barcode clip" },
      file(good, "barcode.mp4"),
    ]);
    expect(r.status).toBe(201);
    const { video, run } = r.body as { video: Record<string, unknown>; run: Record<string, unknown> };
    expect(video).toMatchObject({
      youtubeId: YT,
      listId: "PLabcdef123",
      listIndex: 4,
      sourceUrl: `https://www.youtube.com/watch?v=${YT}`,
      title: "Barcode clip",
      originalName: "barcode.mp4",
      sizeBytes: good.length,
      width: 320,
      height: 240,
      codec: "h264",
      status: "uploaded",
    });
    expect(video).not.toHaveProperty("storageKey");
    expect(run).toMatchObject({ kind: "probe", status: "queued", task: "probe-video", videoId: video.id });
    const files = await listFiles(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^videos\/[0-9a-f-]{36}\.mp4$/);
    expect(fs.readFileSync(path.join(dir, files[0]!)).equals(good)).toBe(true);
    expect(await listRunsForVideo(video.id as number)).toHaveLength(1);
  });

  it("takes the id from the file name <videoId>.mp4 and the title from the name", async () => {
    const r = await upload([file(good, "aBcDeFgHiJk.mp4")]);
    expect(r.status).toBe(201);
    expect((r.body as { video: { youtubeId: string; title: string } }).video).toMatchObject({ youtubeId: "aBcDeFgHiJk", title: "aBcDeFgHiJk" });
  });

  it("gives a local id to uploads without a YouTube id, and reads fields sent after the file", async () => {
    const r = await upload([file(good, "My holiday (2024).mp4"), { name: "title", value: "Holiday" }]);
    expect(r.status).toBe(201);
    const v = (r.body as { video: { youtubeId: string; title: string } }).video;
    expect(v.youtubeId).toMatch(/^local-[A-Za-z0-9_-]{12}$/);
    expect(v.title).toBe("Holiday");
    const r2 = await upload([file(good, "x.mp4"), { name: "youtube", value: "my-own-id_1" }]);
    expect((r2.body as { video: { youtubeId: string } }).video.youtubeId).toBe("my-own-id_1");
  });

  it("accepts the raw file as the body with ?youtube=&title=&filename=", async () => {
    const r = await call(videosRoute.POST, `/api/videos?youtube=https://youtu.be/raw_upload1&title=Raw&filename=raw.mkv`, {
      method: "POST",
      token: admin,
      body: streamOf(good),
      headers: { "content-type": "application/octet-stream" },
    });
    expect(r.status).toBe(201);
    expect((r.body as { video: { youtubeId: string; title: string } }).video).toMatchObject({ youtubeId: "raw_upload1", title: "Raw" });
    expect((await listFiles(dir)).some((f) => /^videos\/[0-9a-f-]{36}\.mkv$/.test(f))).toBe(true);
  });

  it("refuses a duplicate YouTube id with 409 and keeps nothing", async () => {
    const before = await listFiles(dir);
    const early = await upload([{ name: "youtube", value: YT }, file(good)]);
    expect(early.status).toBe(409);
    const late = await upload([file(good), { name: "youtube", value: `https://youtu.be/${YT}` }]);
    expect(late.status).toBe(409);
    const byName = await upload([file(good, `${YT}.mp4`)]);
    expect(byName.status).toBe(409);
    expect(err(byName).code).toBe("conflict");
    expect(await listFiles(dir)).toEqual(before);
  });

  it.each([
    ["corrupt (random bytes)", () => fs.readFileSync(derived.random), /Not a video/],
    ["empty", () => Buffer.alloc(0), /empty/],
    ["truncated (index in front)", () => fs.readFileSync(derived.truncated), /truncated/],
    ["truncated (index at the end, lost)", () => fs.readFileSync(derived.truncatedNoMoov), /Not a video/],
    ["audio only", () => fs.readFileSync(derived.audioOnly), /no video stream/],
    ["a still image", () => fs.readFileSync(derived.still), /Not a video/],
    ["a text file", () => fs.readFileSync(derived.text), /Not a video/],
    ["noise with an MP4 header", () => Buffer.concat([good.subarray(0, 64), noise(50_000)]), /Not a video|truncated/],
  ])("refuses %s with 422 and leaves nothing behind", async (_what, data, message) => {
    const before = await listFiles(dir);
    const videos = (await listVideos()).length;
    const r = await upload([{ name: "youtube", value: "refused-1" }, file(data())]);
    expect(r.status).toBe(422);
    expect(err(r).code).toBe("validation_failed");
    expect(err(r).message).toMatch(message);
    expect(await listFiles(dir)).toEqual(before);
    expect((await listVideos()).length).toBe(videos);
    expect(await getVideoByYoutubeId("refused-1")).toBeUndefined();
  });

  it.each([
    ["file name ../", [file(good, "../../etc/passwd.mp4")]],
    ["file name with a backslash path", [file(good, "..\\..\\x.mp4")]],
    ["file name with NUL", [file(good, "clip\u0000.mp4")]],
    ["file name of 300 characters", [file(good, `${"a".repeat(296)}.mp4`)]],
    ["id ../", [{ name: "youtube", value: "../../../etc/passwd" }, file(good)]],
    ["id with NUL", [{ name: "youtube", value: "abc\u0000def" }, file(good)]],
    ["id of 65 characters", [{ name: "youtube", value: "a".repeat(65) }, file(good)]],
    ["id of 10 000 characters", [{ name: "youtube", value: "b".repeat(10_000) }, file(good)]],
    ["URL of another site", [{ name: "youtube", value: `https://evil.example/watch?v=${YT}` }, file(good)]],
    ["youtube field after the file, invalid", [file(good), { name: "youtube", value: "../x" }]],
  ] as [string, Part[]][])("refuses a %s with 422 and leaves nothing behind", async (_what, parts) => {
    const before = await listFiles(dir);
    const r = await upload(parts);
    expect(r.status).toBe(422);
    expect(await listFiles(dir)).toEqual(before);
  });

  it("refuses a file over MAX_UPLOAD_MB with 413, streamed or declared, and keeps nothing", async () => {
    resetEnvForTests({ MAX_UPLOAD_MB: "1" });
    try {
      const before = await listFiles(dir);
      const big = Buffer.concat([good, noise(1024 * 1024)]);
      const declared = await upload([file(big)]);
      expect(declared.status).toBe(413);
      const { body, contentType } = multipart([file(big)]);
      const streamed = await call(videosRoute.POST, "/api/videos", {
        method: "POST",
        token: admin,
        body: streamOf(body),
        headers: { "content-type": contentType },
      });
      expect(streamed.status).toBe(413);
      expect(err(streamed).code).toBe("payload_too_large");
      expect(await listFiles(dir)).toEqual(before);
    } finally {
      resetEnvForTests({ MAX_UPLOAD_MB: undefined });
    }
  });

  it("needs an admin, a file, and a form or video body", async () => {
    expect((await upload([file(good)], shopper)).status).toBe(403);
    expect((await call(videosRoute.POST, "/api/videos", { method: "POST", body: good })).status).toBe(401);
    expect((await upload([{ name: "title", value: "no file" }])).status).toBe(422);
    const json = await call(videosRoute.POST, "/api/videos", { method: "POST", token: admin, json: { file: "x" } });
    expect(json.status).toBe(415);
    const broken = await call(videosRoute.POST, "/api/videos", {
      method: "POST",
      token: admin,
      body: "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp4\"\r\n\r\nabc",
      headers: { "content-type": "multipart/form-data; boundary=b" },
    });
    expect(broken.status).toBe(400);
  });

  it("lists videos: admins see all with details, others only ready ones", async () => {
    const a = await call(videosRoute.GET, "/api/videos", { token: admin });
    const list = (a.body as { videos: { status: string; sizeBytes?: number }[] }).videos;
    expect(list.length).toBeGreaterThanOrEqual(4);
    expect(list[0]).toHaveProperty("sizeBytes");
    const anon = await call(videosRoute.GET, "/api/videos");
    expect((anon.body as { videos: unknown[] }).videos).toEqual([]);
    expect((await call(videosRoute.GET, "/api/videos?limit=0", { token: admin })).status).toBe(422);
  });
});
