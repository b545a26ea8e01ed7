import { randomBytes } from "node:crypto";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { claimRecording, releaseRecording, updateOwnedRecording, type StreamRecording } from "@/db/queries/recordings";
import { env, isTestRun } from "@/lib/env";
import { closeSharedLivePool } from "@/lib/live/recording-live";
import { storage as appStorage, type Storage } from "@/lib/storage";
import { finishClaimed, LeasedRecording, readRecordingIndex, recordingPrefix } from "./leased-recording";
import { openSource, SourceSecretError } from "./source-secret";

// Runs inside every job-worker process (lib/jobs startWorkers: `npm run worker`, and the worker
// embedded in `npm start`/`npm run demo`). It claims recordings nobody holds (new ones, and those
// whose worker died: its lease ran out), records them, renews each lease on a heartbeat and stops a
// recording when its row asks. On graceful shutdown it hands its recordings over: the last segment is
// finalised and the lease given up, so another worker (or this one, restarted) resumes at once.

export interface SupervisorOptions {
  /** How long a claim or renewal holds a recording (default RECORDING_LEASE_SECONDS). */
  leaseMs?: number;
  /** How often leases are renewed and stop requests read (default RECORDING_HEARTBEAT_SECONDS). */
  heartbeatMs?: number;
  /** How often recordings nobody holds are looked for (default the heartbeat, at most 2 s). */
  pollMs?: number;
  /** Recordings this process runs at once (default RECORDINGS_PER_WORKER). */
  maxRecordings?: number;
  /** How long a graceful shutdown waits for recorders to finalise before it abandons them. */
  handOverTimeoutMs?: number;
  storage?: () => Storage;
}

export interface RecordingSupervisor {
  readonly owner: string;
  /** Recording ids this process runs now. */
  active(): number[];
  /** Looks for new recordings and renews leases (reads stop requests) now, not at the next tick. */
  poke(): void;
  /** Graceful: hands every recording over (last segment finalised, lease released), then stops. */
  stop(): Promise<void>;
  /**
   * Stops at once as a crash would look to other workers: ffmpeg killed, nothing more written, leases
   * left to run out (tests use it where a process cannot be SIGKILLed: PGlite is one process).
   */
  kill(): Promise<void>;
}

// Supervisors of this process, for poke() from the API in the same process (Next's route modules are
// separate module instances, hence globalThis).
const KEY = Symbol.for("framecart.streams.supervisors");
function registry(): Set<RecordingSupervisor> {
  const g = globalThis as unknown as Record<symbol, Set<RecordingSupervisor> | undefined>;
  return (g[KEY] ??= new Set());
}

/** Wakes this process's supervisors (if any): a new recording or a stop request is seen at once. */
export function pokeRecordingSupervisors(): void {
  for (const s of registry()) s.poke();
}

function log(line: string): void {
  if (!isTestRun()) console.log(line);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

export function startRecordingSupervisor(opts: SupervisorOptions = {}): RecordingSupervisor {
  const e = env();
  const leaseMs = opts.leaseMs ?? e.RECORDING_LEASE_SECONDS * 1000;
  const heartbeatMs = opts.heartbeatMs ?? e.RECORDING_HEARTBEAT_SECONDS * 1000;
  const pollMs = opts.pollMs ?? Math.min(2000, heartbeatMs);
  const max = opts.maxRecordings ?? e.RECORDINGS_PER_WORKER;
  const store = opts.storage ?? appStorage;
  const owner = `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const running = new Map<number, LeasedRecording>();
  const unreadable = new Set<number>(); // sealed under another secret: left to workers that can open them
  let stopping = false;
  let claiming: Promise<void> | undefined;

  async function take(row: StreamRecording, claimedAt: number): Promise<void> {
    if (row.stopRequestedAt) {
      await finishClaimed(row, owner, store(), "stopped", "stopped while no worker was running it");
      return;
    }
    if (!row.sourceSecret) {
      await finishClaimed(row, owner, store(), "ended", "interrupted: its process is gone and no stored source URL to resume from (started before recordings ran in workers)");
      return;
    }
    let source: string;
    try {
      source = openSource(row.sourceSecret);
    } catch (err) {
      if (!(err instanceof SourceSecretError)) throw err;
      unreadable.add(row.id);
      log(`[recordings] ${row.id}: ${err.message}`);
      await updateOwnedRecording(row.id, owner, { error: `worker ${owner}: ${err.message}` });
      await releaseRecording(row.id, owner);
      return;
    }
    const resume = await readRecordingIndex(store(), recordingPrefix(row.id));
    const rec = new LeasedRecording(row, source, resume, { owner, leaseMs, heartbeatMs, claimedAt }, store(), log);
    running.set(row.id, rec);
    void rec.done.finally(() => {
      running.delete(row.id);
      if (!stopping) poke();
    });
  }

  async function claimAll(): Promise<void> {
    while (!stopping && running.size < max) {
      const claimedAt = performance.now(); // before the claim: the lease surely lasts leaseMs from here
      const row = await claimRecording(owner, leaseMs, { exclude: [...unreadable] });
      if (!row) return;
      await take(row, claimedAt);
    }
  }

  function claimTick(): void {
    claiming ??= claimAll()
      .catch((err: unknown) => log(`[recordings] claim failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => (claiming = undefined));
  }

  function beat(): void {
    for (const rec of running.values()) void rec.heartbeat();
  }

  function poke(): void {
    if (!stopping) claimTick();
    beat();
  }

  const pollTimer = setInterval(claimTick, pollMs);
  const heartbeatTimer = setInterval(beat, heartbeatMs);
  pollTimer.unref();
  heartbeatTimer.unref();

  let stopped: Promise<void> | undefined;
  const self: RecordingSupervisor = {
    owner,
    active: () => [...running.keys()],
    poke,
    stop: () =>
      (stopped ??= (async () => {
        stopping = true;
        clearInterval(pollTimer);
        await claiming;
        if (running.size) log(`[recordings] handing over ${running.size} recording(s)…`);
        for (const rec of running.values()) rec.handOver();
        // Leases keep being renewed while the recorders finalise (heartbeatTimer still runs).
        const all = Promise.all([...running.values()].map((r) => r.done));
        await Promise.race([all, sleep(opts.handOverTimeoutMs ?? 30_000)]);
        for (const rec of running.values()) rec.abandon("shutdown took too long");
        await Promise.race([all, sleep(5000)]);
        clearInterval(heartbeatTimer);
        registry().delete(self);
        if (!registry().size) await closeSharedLivePool();
      })()),
    kill: async () => {
      stopping = true;
      clearInterval(pollTimer);
      clearInterval(heartbeatTimer);
      registry().delete(self);
      await claiming;
      for (const rec of running.values()) rec.abandon("killed");
      await Promise.all([...running.values()].map((r) => r.done));
      if (!registry().size) await closeSharedLivePool();
    },
  };
  registry().add(self);
  claimTick();
  log(`[recordings] supervisor ${owner}: lease ${leaseMs} ms, heartbeat ${heartbeatMs} ms, up to ${max} recordings`);
  return self;
}
