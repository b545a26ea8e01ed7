import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  claimRecording,
  getRecording,
  insertRecording,
  releaseRecording,
  renewRecordingLease,
  updateOwnedRecording,
  updateRecording,
} from "@/db/queries/recordings";
import { s3Storage, setStorage, type Storage } from "@/lib/storage";
import { recordedMs, type RecordingIndex } from "@/lib/recordings/recording-index";
import { startRecording, stopRecording } from "@/lib/recordings/service";
import { startRecordingSupervisor, type RecordingSupervisor } from "@/lib/recordings/supervisor";
import { fixture, readTruth } from "@/tests/fixtures/derived";
import { killChildren, spawnTsx, waitFor } from "@/tests/helpers/cli";
import { createTestDb, TEST_DB } from "@/tests/helpers/db";
import { startRtspServer, type RtspServer } from "@/tests/helpers/rtsp-server";
import { readIndex, rowWhere, segmentFramesOf, startS3 } from "./record-helpers";

// Recordings run by job workers under a lease. A worker that dies (SIGKILL: its lease runs out) or
// shuts down (hands over: lease released at once) leaves the recording to another worker, which
// resumes it into the same prefix as a new run; the index keeps the earlier segments and the gap,
// and a `seconds` limit counts every run. The GStreamer server restarts the file for each session,
// so each run's segments must be the file's frames from its first one, in order. (The file's keyframes
// are at 0, 1.6, 4.4, 7.1 and 7.9 s: a segment is complete when the fragment after it arrives, so two
// segments of run 0 are indexed ~7.1 s in; with `seconds: 12` run 1 then records the remaining 7.6 s.)

const BUCKET = "framecart-rec";
const ROOT = path.resolve(import.meta.dirname, "../..");
const LEASE = { leaseMs: 3000, heartbeatMs: 500 };
const truth = readTruth("vfr-barcode.mp4").frames.map((f) => f.content);
let s3: Awaited<ReturnType<typeof startS3>>;
let store: Storage;
let url: string | undefined;
let drop: () => Promise<void>;
let server: RtspServer;
let tmp: string;
const supervisors: RecordingSupervisor[] = [];

beforeAll(async () => {
  s3 = await startS3(BUCKET);
  store = s3Storage({ ...s3.cfg, bucket: BUCKET });
  setStorage(store);
  ({ drop, url } = await createTestDb());
  server = await startRtspServer(fixture("vfr-barcode.mp4"));
  tmp = await fsp.mkdtemp(path.join(os.tmpdir(), "fc-rec-sup-"));
});

afterEach(async () => {
  for (const s of supervisors.splice(0)) await s.stop();
});

afterAll(async () => {
  killChildren();
  await server?.kill();
  setStorage(undefined);
  await drop?.();
  await s3?.close();
  if (tmp) await fsp.rm(tmp, { recursive: true, force: true });
});

function supervisor(): RecordingSupervisor {
  const s = startRecordingSupervisor(LEASE);
  supervisors.push(s);
  return s;
}

/**
 * Each run's segments decode, and are the source file from its first frame on, in order: exactly, but
 * for the run's last segment when the run was cut mid-GOP (a P-frame whose B-frames never came is
 * kept without them, docs/recording.md pitfall 7): there the frames only stay in order.
 */
async function expectRunsIntact(index: RecordingIndex, runs: number[]) {
  expect(index.runs.map((r) => r.run)).toEqual(runs);
  for (const run of runs) {
    const segs = index.segments.filter((s) => s.run === run);
    const frames = await segmentFramesOf(store, segs, tmp);
    const whole = frames.filter((f) => f.segment !== segs[segs.length - 1]?.index);
    expect(frames.length, `run ${run}`).toBeGreaterThan(0);
    expect(whole.map((f) => f.content), `run ${run}`).toEqual(truth.slice(0, whole.length));
    frames.forEach((f, i) => i > 0 && expect(f.content, `run ${run} frame ${i}`).toBeGreaterThan(frames[i - 1]?.content ?? Infinity));
  }
  const indices = index.segments.map((s) => s.index);
  expect(new Set(indices).size).toBe(indices.length);
}

/** A recording that lost its worker mid-run and was resumed: run 0, a gap, run 1, `seconds` over both. */
async function expectResumedAfterCrash(id: number, seconds: number) {
  const row = await rowWhere(id, (r) => r.status !== "starting" && r.status !== "recording");
  expect(row).toMatchObject({ status: "stopped", error: null, owner: null, leaseUntil: null });
  const index = await readIndex(store, `recordings/rec-${id}`);
  expect(index.state).toBe("stopped");
  await expectRunsIntact(index, [0, 1]);
  expect(index.runs[0]?.endReason).toBe("recording process lost");
  expect(index.gaps).toHaveLength(1);
  expect(index.gaps[0]).toMatchObject({ afterRun: 0, reason: "recording process lost", to: index.runs[1]?.hostFirstFrameAt });
  expect(index.gaps[0]?.ms).toBeGreaterThan(0);
  // The limit counts both runs (not `seconds` again from the resume); ffmpeg cuts within a frame or two.
  expect(Math.abs(recordedMs(index) - seconds * 1000)).toBeLessThan(500);
  expect(row.segments).toEqual(index.segments);
  console.log(`resumed: gap ${index.gaps[0]?.ms} ms (lease ${LEASE.leaseMs} ms); recorded ${recordedMs(index).toFixed(0)} ms over ${index.segments.length} segments`);
}

describe(`recording leases on ${TEST_DB}`, () => {
  it("a claim is exclusive until the lease is released or runs out; only the holder renews and writes", async () => {
    const row = await insertRecording({ sourceUrl: "rtsp://x/", target: "local", status: "recording" });
    const a = await claimRecording("a", 60_000, { id: row.id });
    expect(a?.owner).toBe("a");
    expect(await claimRecording("b", 60_000, { id: row.id })).toBeUndefined();
    expect(await renewRecordingLease(row.id, "b", 60_000)).toBeUndefined();
    expect(await updateOwnedRecording(row.id, "b", { error: "x" })).toBeUndefined();
    expect(await renewRecordingLease(row.id, "a", 60_000)).toEqual({ stopRequestedAt: null });
    await releaseRecording(row.id, "a");
    expect((await claimRecording("b", 60_000, { id: row.id, exclude: [row.id] }))).toBeUndefined();
    expect((await claimRecording("b", 60_000, { id: row.id }))?.owner).toBe("b");
    await updateRecording(row.id, { leaseUntil: new Date(Date.now() - 60_000) }); // b stopped renewing
    const racers = await Promise.all(["c", "d", "e", "f"].map((o) => claimRecording(o, 60_000, { id: row.id })));
    expect(racers.filter(Boolean)).toHaveLength(1);
    await updateRecording(row.id, { status: "stopped", leaseUntil: null });
    expect(await claimRecording("g", 60_000, { id: row.id })).toBeUndefined(); // finished rows are never taken
  });

  it("a worker that dies: its lease runs out, another resumes as run 1 after a gap, `seconds` counts both runs", async () => {
    const a = supervisor();
    const rec = await startRecording({ sourceUrl: server.url, seconds: 12, segmentSeconds: 1 }, null);
    const running = await rowWhere(rec.id, (r) => (r.segments as unknown[]).length >= 2);
    expect(running.owner).toBe(a.owner);
    await a.kill(); // to the others this is a crash: no hand-over, the lease is left to run out
    const b = supervisor();
    const resumed = await rowWhere(rec.id, (r) => r.owner === b.owner);
    expect(resumed.status).toBe("recording");
    await expectResumedAfterCrash(rec.id, 12);
  }, 90_000);

  it("graceful shutdown hands over: the last segment is finalised, the lease released, another worker resumes", async () => {
    const a = supervisor();
    const rec = await startRecording({ sourceUrl: server.url, segmentSeconds: 1 }, null);
    const before = await rowWhere(rec.id, (r) => r.owner === a.owner && (r.segments as unknown[]).length >= 2);
    await a.stop();
    const handed = await getRecording(rec.id);
    expect(handed).toMatchObject({ status: "recording", owner: null, leaseUntil: null, error: "reconnecting" });
    expect(handed?.segments.length).toBeGreaterThan(before.segments.length); // the open segment was finalised
    const mid = await readIndex(store, `recordings/rec-${rec.id}`);
    expect(mid.state).toBe("reconnecting");
    expect(mid.runs[0]?.endReason).toBe("worker shut down; handed over to another worker");
    expect(mid.gaps).toEqual([expect.objectContaining({ afterRun: 0, to: null })]);

    const b = supervisor();
    await rowWhere(rec.id, (r) => r.owner === b.owner && (r.segments as { run: number }[]).some((s) => s.run === 1));
    const stopped = await stopRecording(rec.id);
    expect(stopped).toMatchObject({ status: "stopped", error: null });
    const index = await readIndex(store, `recordings/rec-${rec.id}`);
    expect(index.state).toBe("stopped");
    await expectRunsIntact(index, [0, 1]);
    expect(index.gaps[0]?.to).toBe(index.runs[1]?.hostFirstFrameAt);
    expect(index.runs[1]?.endReason).toBe("stopped");
  }, 90_000);

  it("a worker whose lease was taken stops at once and writes nothing more; Stop then finishes the row", async () => {
    const a = supervisor();
    const rec = await startRecording({ sourceUrl: server.url, segmentSeconds: 1 }, null);
    await rowWhere(rec.id, (r) => r.owner === a.owner && (r.segments as unknown[]).length >= 1);
    // As if `a` had stalled past its lease and another worker had claimed the row meanwhile.
    await updateRecording(rec.id, { owner: "thief", leaseUntil: new Date(Date.now() + 60_000) });
    await waitFor(async () => a.active().length === 0);
    const left = await readIndex(store, `recordings/rec-${rec.id}`);
    const row = await getRecording(rec.id);
    await new Promise((r) => setTimeout(r, 3000)); // longer than a GOP of the file: a live recorder would have written
    expect(await readIndex(store, `recordings/rec-${rec.id}`)).toEqual(left);
    expect(await getRecording(rec.id)).toEqual(row);
    expect(row).toMatchObject({ owner: "thief", status: "recording" });

    await updateRecording(rec.id, { leaseUntil: new Date(Date.now() - 1000) }); // the thief died too
    const stopped = await stopRecording(rec.id);
    expect(stopped).toMatchObject({ status: "stopped", owner: null });
    const index = await readIndex(store, `recordings/rec-${rec.id}`);
    expect(index.state).toBe("stopped");
    expect(index.segments).toEqual(left.segments);
    expect(index.runs[0]?.endReason).toBe("stopped while no worker was running it");
  }, 60_000);
});

describe.skipIf(TEST_DB !== "postgres")("worker processes (`npm run worker`) on PostgreSQL", () => {
  const workerEnv = () => ({
    DATABASE_URL: url,
    RECORDING_LEASE_SECONDS: String(LEASE.leaseMs / 1000),
    RECORDING_HEARTBEAT_SECONDS: String(LEASE.heartbeatMs / 1000),
    S3_ENDPOINT: s3.cfg.endpoint,
    S3_BUCKET: BUCKET,
    S3_ACCESS_KEY_ID: s3.cfg.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.cfg.secretAccessKey,
  });
  async function startWorker() {
    const c = spawnTsx(path.join(ROOT, "scripts/worker.ts"), workerEnv());
    await waitFor(async () => c.out().includes("[worker] ready") || (c.proc.exitCode !== null && Promise.reject(new Error(c.out()))), 60_000);
    return c;
  }

  it("SIGKILL of the worker recording: a second worker process resumes it after the lease runs out", async () => {
    const first = await startWorker();
    const rec = await startRecording({ sourceUrl: server.url, seconds: 12, segmentSeconds: 1 }, null);
    const running = await rowWhere(rec.id, (r) => (r.segments as unknown[]).length >= 2);
    expect(running.owner).toContain(`:${first.proc.pid}:`);
    first.proc.kill("SIGKILL");
    expect((await first.exit).signal).toBe("SIGKILL");
    const second = await startWorker();
    await rowWhere(rec.id, (r) => r.owner?.includes(`:${second.proc.pid}:`) ?? false);
    await expectResumedAfterCrash(rec.id, 12);
    second.proc.kill("SIGTERM");
    expect((await second.exit).code).toBe(0);
  }, 120_000);
});
