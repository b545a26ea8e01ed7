import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as stopRoute from "@/app/api/admin/recordings/[id]/stop/route";
import * as videoRoute from "@/app/api/admin/recordings/[id]/video/route";
import * as recordingsRoute from "@/app/api/admin/recordings/route";
import { getVideo } from "@/db/queries/videos";
import { startWorkers } from "@/lib/jobs";
import { s3Storage, setStorage, type Storage } from "@/lib/storage";
import type { RecordingDto } from "@/lib/streams/schemas";
import { fixture } from "@/tests/fixtures/derived";
import { createTestDb, TEST_DB } from "@/tests/helpers/db";
import { call, userWithToken } from "@/tests/helpers/http";
import { startRtspServer, type RtspServer } from "@/tests/helpers/rtsp-server";
import { readIndex, startS3 } from "./record-helpers";

// The admin API records in the server process into the app's storage (s3rver here), stops
// gracefully, and turns the recording into a video that the probe job reads like any upload.

const BUCKET = "framecart-rec";
let s3: Awaited<ReturnType<typeof startS3>>;
let store: Storage;
let drop: () => Promise<void>;
let admin = "";
let shopper = "";
let server: RtspServer;
let workers: { stop(): Promise<void> } | undefined;

beforeAll(async () => {
  s3 = await startS3(BUCKET);
  store = s3Storage({ ...s3.cfg, bucket: BUCKET });
  setStorage(store);
  ({ drop } = await createTestDb());
  admin = (await userWithToken("admin")).token;
  shopper = (await userWithToken("shopper")).token;
  server = await startRtspServer(fixture("vfr-barcode.mp4"));
});

afterAll(async () => {
  await workers?.stop();
  await server?.kill();
  setStorage(undefined);
  await drop?.();
  await s3?.close();
});

const list = async () => ((await call(recordingsRoute.GET, "/x", { token: admin })).body as { recordings: RecordingDto[] }).recordings;

describe(`admin recordings API on ${TEST_DB}`, () => {
  it("refuses non-admins and bad URLs", async () => {
    expect((await call(recordingsRoute.GET, "/x", { token: shopper })).status).toBe(403);
    const bad = await call(recordingsRoute.POST, "/x", { method: "POST", token: admin, json: { sourceUrl: "http://example.com/x" } });
    expect(bad.status).toBe(422);
  });

  it("start → segments while recording → graceful stop → video probed with every frame", async () => {
    const started = await call(recordingsRoute.POST, "/x", { method: "POST", token: admin, json: { sourceUrl: server.url, segmentSeconds: 1 } });
    expect(started.status).toBe(201);
    const { recording } = started.body as { recording: RecordingDto };
    expect(recording.running).toBe(true);
    let now: RecordingDto | undefined;
    for (let i = 0; i < 150; i++) {
      now = (await list()).find((r) => r.id === recording.id);
      if ((now?.segments.length ?? 0) >= 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(now?.status).toBe("recording");
    expect(now?.segments.length).toBeGreaterThanOrEqual(2);

    const stopped = await call(stopRoute.POST, "/x", { method: "POST", token: admin, params: { id: String(recording.id) } });
    expect(stopped.status).toBe(200);
    const after = (stopped.body as { recording: RecordingDto }).recording;
    expect(after).toMatchObject({ status: "stopped", running: false });
    expect(["rtcp", "host"]).toContain(after.wallclockSource); // rtcp once a sender report came
    expect(after.segments.length).toBeGreaterThan(now?.segments.length ?? 0); // the last one was finalised
    const index = await readIndex(store, `recordings/rec-${recording.id}`);
    expect(index.state).toBe("stopped");
    expect(index.segments.map((s) => s.index)).toEqual(after.segments.map((s) => s.index));
    const frames = after.segments.reduce((n, s) => n + s.frames, 0);

    workers = await startWorkers({ concurrency: 1, pollingIntervalSeconds: 0.5 });
    const v = await call(videoRoute.POST, "/x", { method: "POST", token: admin, params: { id: String(recording.id) } });
    expect(v.status).toBe(201);
    const videoId = (v.body as { video: { id: number } }).video.id;
    for (let i = 0; i < 200; i++) {
      const s = (await getVideo(videoId))?.status;
      if (s === "ready" || s === "failed") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await getVideo(videoId)).toMatchObject({ status: "ready", frameCount: frames });
  }, 90_000);
});
