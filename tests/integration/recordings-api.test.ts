import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as stopRoute from "@/app/api/admin/recordings/[id]/stop/route";
import * as videoRoute from "@/app/api/admin/recordings/[id]/video/route";
import * as recordingsRoute from "@/app/api/admin/recordings/route";
import { getRecording } from "@/db/queries/recordings";
import { getVideo } from "@/db/queries/videos";
import { startWorkers } from "@/lib/jobs";
import { s3Storage, setStorage, type Storage } from "@/lib/storage";
import type { RecordingDto } from "@/lib/recordings/schemas";
import { openSource, SourceSecretError } from "@/lib/recordings/source-secret";
import { fixture } from "@/tests/fixtures/derived";
import { waitFor } from "@/tests/helpers/cli";
import { createTestDb, TEST_DB } from "@/tests/helpers/db";
import { call, userWithToken } from "@/tests/helpers/http";
import { startRtspServer, type RtspServer } from "@/tests/helpers/rtsp-server";
import { readIndex, startS3 } from "./record-helpers";

// The admin API only writes rows; the job worker's recording supervisor (started by startWorkers, as
// in every worker process) runs them into the app's storage (s3rver here). Stop goes through the row
// and answers once the worker has finalised; the recording then becomes a video like any upload. The
// camera wants credentials: only the worker's decrypted copy of the URL gets the stream.

const BUCKET = "framecart-rec";
const PASSWORD = "s3cret-Pa55";
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
  server = await startRtspServer(fixture("vfr-barcode.mp4"), 0, "tcp,udp", `cam:${PASSWORD}`);
});

afterAll(async () => {
  await workers?.stop();
  await server?.kill();
  setStorage(undefined);
  await drop?.();
  await s3?.close();
});

const wire: string[] = []; // every response body, to check that no secret ever leaves the server
async function api(handler: Parameters<typeof call>[0], init: Parameters<typeof call>[2] = {}) {
  const r = await call(handler, "/x", { token: admin, ...init });
  wire.push(JSON.stringify(r.body));
  return r;
}
const list = async () => ((await api(recordingsRoute.GET)).body as { recordings: RecordingDto[] }).recordings;
const start = (json: unknown) => api(recordingsRoute.POST, { method: "POST", json });
const stop = (id: number) => api(stopRoute.POST, { method: "POST", params: { id: String(id) } });

describe(`admin recordings API on ${TEST_DB}`, () => {
  it("refuses non-admins, bad URLs and fractions of seconds", async () => {
    expect((await call(recordingsRoute.GET, "/x", { token: shopper })).status).toBe(403);
    expect((await start({ sourceUrl: "http://example.com/x" })).status).toBe(422);
    expect((await start({ sourceUrl: server.url, seconds: 2.5 })).status).toBe(422);
  });

  it("with no worker running: queued as 'starting', waiting; a stop finishes it at once", async () => {
    const started = await start({ sourceUrl: server.url });
    expect(started.status).toBe(201);
    const { recording } = started.body as { recording: RecordingDto };
    expect(recording).toMatchObject({ status: "starting", running: true, worker: null, stopRequested: false });
    const stopped = await stop(recording.id);
    expect(stopped.status).toBe(200);
    expect((stopped.body as { recording: RecordingDto }).recording).toMatchObject({
      status: "stopped",
      running: false,
      worker: null,
      segments: [],
      error: "stopped before anything was recorded",
    });
    expect((await readIndex(store, `recordings/rec-${recording.id}`)).state).toBe("stopped");
    expect((await stop(recording.id)).status).toBe(200); // stopping again is harmless
  });

  it("start → a worker records → segments while recording → graceful stop → video probed with every frame", async () => {
    workers = await startWorkers({ concurrency: 1, pollingIntervalSeconds: 0.5, recordings: { leaseMs: 4000, heartbeatMs: 1000 } });
    const started = await start({ sourceUrl: server.url, segmentSeconds: 1 });
    expect(started.status).toBe(201);
    const { recording } = started.body as { recording: RecordingDto };
    expect(recording.running).toBe(true);
    const now = await waitFor(async () => {
      const r = (await list()).find((x) => x.id === recording.id);
      return r && r.segments.length >= 2 ? r : undefined;
    });
    expect(now).toMatchObject({ status: "recording", stopRequested: false });
    expect(now.worker).toMatch(/:\d+:/); // host:pid:nonce of the worker holding the lease

    // The source URL is stored only encrypted; the API shows the redacted one.
    const row = await getRecording(recording.id);
    expect(row?.sourceUrl).toBe(server.url.replace(PASSWORD, "***"));
    expect(row?.sourceSecret).toBeTruthy();
    expect(row?.sourceSecret).not.toContain(PASSWORD);
    expect(Buffer.from(row?.sourceSecret ?? "", "base64url").toString("latin1")).not.toContain(PASSWORD);
    expect(openSource(row?.sourceSecret ?? "")).toBe(server.url);
    expect(() => openSource(row?.sourceSecret ?? "", "another-secret-another-secret")).toThrow(SourceSecretError);

    const stopped = await stop(recording.id);
    expect(stopped.status).toBe(200);
    const after = (stopped.body as { recording: RecordingDto }).recording;
    expect(after).toMatchObject({ status: "stopped", running: false, worker: null });
    expect(["rtcp", "host"]).toContain(after.wallclockSource); // rtcp once a sender report came
    expect(after.segments.length).toBeGreaterThan(now.segments.length); // the last one was finalised
    const index = await readIndex(store, `recordings/rec-${recording.id}`);
    expect(index.state).toBe("stopped");
    expect(index.source).not.toContain(PASSWORD);
    expect(index.runs.map((r) => r.endReason)).toEqual(["stopped"]);
    expect(index.segments.map((s) => s.index)).toEqual(after.segments.map((s) => s.index));
    expect((await getRecording(recording.id))?.owner).toBeNull(); // lease released
    const frames = after.segments.reduce((n, s) => n + s.frames, 0);

    const v = await api(videoRoute.POST, { method: "POST", params: { id: String(recording.id) } });
    expect(v.status).toBe(201);
    const videoId = (v.body as { video: { id: number } }).video.id;
    await waitFor(async () => ["ready", "failed"].includes((await getVideo(videoId))?.status ?? ""), 20_000);
    expect(await getVideo(videoId)).toMatchObject({ status: "ready", frameCount: frames });
  }, 90_000);

  it("never sends the source's password or its encrypted form", async () => {
    await list();
    const secrets = (await Promise.all((await list()).map((r) => getRecording(r.id)))).map((r) => r?.sourceSecret ?? "");
    for (const body of wire) {
      expect(body).not.toContain(PASSWORD);
      expect(body).not.toMatch(/sourceSecret|source_secret/);
      for (const s of secrets) if (s) expect(body).not.toContain(s);
    }
  });
});
