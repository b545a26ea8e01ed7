import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getVideo } from "@/db/queries/videos";
import { s3Storage, setStorage, type Storage } from "@/lib/storage";
import { readFmp4 } from "@/lib/recordings/fmp4";
import { recordedMs } from "@/lib/recordings/recording-index";
import { recordingToVideo, startRecording } from "@/lib/recordings/service";
import { startRecordingSupervisor, type RecordingSupervisor } from "@/lib/recordings/supervisor";
import { probeVideo, readTimeline } from "@/lib/media";
import { readTruth } from "@/tests/fixtures/derived";
import { createTestDb, TEST_DB } from "@/tests/helpers/db";
import { startRtspServer, type RtspServer } from "@/tests/helpers/rtsp-server";
import { burstOnsetsMs, framesOf, makeAvFixture, readAll, readIndex, rowWhere, segmentFramesOf, startS3 } from "./record-helpers";

// "Make a video" from a recording with two runs: its worker died mid-recording and another one resumed
// it after the lease ran out (a new RTSP session, pts from 0 again). The video is every run, stream
// copied, the second one moved to where it began in real time: the gap between the runs becomes a gap
// in the pts. Checked on the video's own timeline (lib/media), by barcode and by the sound's bursts.

const BUCKET = "framecart-rec";
const LEASE = { leaseMs: 3000, heartbeatMs: 500 };
const truth = readTruth("vfr-barcode.mp4").frames;
let s3: Awaited<ReturnType<typeof startS3>>;
let store: Storage;
let drop: () => Promise<void>;
let server: RtspServer;
let tmp: string;
const supervisors: RecordingSupervisor[] = [];

beforeAll(async () => {
  s3 = await startS3(BUCKET);
  store = s3Storage({ ...s3.cfg, bucket: BUCKET });
  setStorage(store);
  ({ drop } = await createTestDb());
  tmp = await fsp.mkdtemp(path.join(os.tmpdir(), "fc-rec-video-"));
  server = await startRtspServer(await makeAvFixture(tmp), 0, "tcp,udp", undefined, "aac");
});

afterAll(async () => {
  for (const s of supervisors.splice(0)) await s.stop();
  await server?.kill();
  setStorage(undefined);
  await drop?.();
  await s3?.close();
  if (tmp) await fsp.rm(tmp, { recursive: true, force: true });
});

describe(`a recording's video keeps every run and the gaps between them (${TEST_DB})`, () => {
  it("two runs (worker crash, resumed) → one MP4: every frame in order, run 1 after the real gap, sound in place", async () => {
    const a = startRecordingSupervisor(LEASE);
    supervisors.push(a);
    const rec = await startRecording({ sourceUrl: server.url, seconds: 12, segmentSeconds: 1 }, null);
    await rowWhere(rec.id, (r) => (r.segments as unknown[]).length >= 2);
    await a.kill(); // a crash to the others: the lease runs out, then b resumes as run 1
    supervisors.push(startRecordingSupervisor(LEASE));
    await rowWhere(rec.id, (r) => r.status === "stopped");
    const index = await readIndex(store, `recordings/rec-${rec.id}`);
    expect(index.runs.map((r) => r.run)).toEqual([0, 1]);
    expect(index.gaps).toHaveLength(1);
    const gap = index.gaps[0];
    expect(gap?.ms).toBeGreaterThan(LEASE.leaseMs);

    const video = await recordingToVideo(rec.id, null);
    expect((await getVideo(video.id))?.status).toBe("uploaded");
    const file = path.join(tmp, "joined.mp4");
    await fsp.writeFile(file, await readAll(await store.get(video.storageKey)));

    // A regular MP4, its index (moov) first: no fragments left (Chromium seeks those to wrong frames).
    const kinds: string[] = [];
    for await (const ev of readFmp4(Readable.from([await fsp.readFile(file)]))) if (ev.kind !== "data") kinds.push(ev.kind === "other" ? ev.data.toString("latin1", 4, 8) : ev.kind);
    expect(kinds).toEqual(["init", "free"]); // ftyp+moov, the muxer's padding box, then mdat

    // What each run recorded (its segments decoded on their own), and where the video put it.
    const runs = await Promise.all([0, 1].map((r) => segmentFramesOf(store, index.segments.filter((s) => s.run === r), tmp)));
    const probe = await probeVideo(file);
    expect(probe.codec).toBe("h264");
    const timeline = await readTimeline(file, { probe });
    const seen = await framesOf(file);
    const all = [...(runs[0] ?? []), ...(runs[1] ?? [])];
    expect(timeline.frameCount).toBe(all.length);
    expect(seen.map((f) => f.content)).toEqual(all.map((f) => f.content));
    expect(seen.map((f) => f.pts)).toEqual([...timeline.pts]);
    // Each run is the source from its first frame on, and keeps its own pts: run 0 as recorded, run 1
    // moved by one constant.
    for (const r of runs) expect(r.slice(0, 20).map((f) => f.content)).toEqual(truth.slice(0, 20).map((f) => f.content));
    const n0 = runs[0]?.length ?? 0;
    runs[0]?.forEach((f, i) => expect(timeline.pts[i], `run 0 frame ${i}`).toBe(f.pts));
    const shift = (timeline.pts[n0] ?? NaN) - (runs[1]?.[0]?.pts ?? NaN);
    runs[1]?.forEach((f, i) => expect((timeline.pts[n0 + i] ?? NaN) - f.pts, `run 1 frame ${i}`).toBe(shift));

    // The gap: from the end of run 0's last segment to run 1's first frame, as the index has it,
    // within one frame (the last frame of run 0 lasts a few ms, the host clock has ms).
    const run0End = Math.max(...index.segments.filter((s) => s.run === 0).map((s) => s.endPts));
    const gapMs = ((timeline.pts[n0] ?? NaN) - run0End) / 90;
    const frameMs = ((timeline.pts[n0 - 1] ?? NaN) - (timeline.pts[n0 - 2] ?? NaN)) / 90;
    expect(Math.abs(gapMs - (gap?.ms ?? NaN))).toBeLessThanOrEqual(frameMs);
    expect(Math.abs((timeline.pts[n0] ?? NaN) / 90 - (Date.parse(index.runs[1]?.hostFirstFrameAt ?? "") - Date.parse(index.runs[0]?.hostFirstFrameAt ?? "")))).toBeLessThanOrEqual(1);

    // The sound moved with its run: run 0's bursts on whole seconds, run 1's on whole seconds after its start.
    const run1At = (timeline.pts[n0] ?? NaN) / 90;
    const onsets = await burstOnsetsMs(file);
    const off = onsets.filter((t) => t >= 500).map((t) => (t < run1At ? t : t - run1At)).filter((t) => t >= 500).map((t) => t - Math.round(t / 1000) * 1000);
    expect(off.length).toBeGreaterThanOrEqual(Math.floor(recordedMs(index) / 1000) - 3);
    for (const o of off) expect(Math.abs(o)).toBeLessThanOrEqual(10);
    console.log(
      `joined: ${timeline.frameCount} frames (${runs[0]?.length} + ${runs[1]?.length}); gap in the pts ${gapMs.toFixed(1)} ms vs index ${gap?.ms} ms ` +
        `(frame ${frameMs.toFixed(1)} ms); run 1 at ${run1At.toFixed(1)} ms; ${off.length} bursts within ${Math.max(...off.map(Math.abs)).toFixed(2)} ms of their second`,
    );
  }, 120_000);
});
