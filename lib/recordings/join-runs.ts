import { spawn } from "node:child_process";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { pipeline } from "node:stream/promises";
import type { Storage } from "@/lib/storage";
import { describeFailure, TailBuffer } from "@/lib/media/ffmpeg";
import { recordingFfmpeg } from "./ffmpeg-args";
import { parseInit, readFmp4, shiftMoof, type TrackInfo } from "./fmp4";
import type { RecordingIndex, SegmentEntry } from "./recording-index";

// Every run of a recording as one fragmented MP4, by stream copy: one init segment, then each run's
// fragments with their decode times (tfdt) moved so that the run starts where it started in real
// time. Each run has its own pts origin (a new RTSP session); the runs' first frames on the host
// clock (`hostFirstFrameAt`, the clock the gaps are measured on) place them on one time line, so the
// gap between two runs becomes a gap in the pts: a variable-frame-rate file whose timeline keeps it.
// ffmpeg then remuxes that stream (-c copy, same packets, same pts) into a regular MP4 with its index
// first: Chromium seeks a fragmented MP4 without an index to the wrong frame (docs/recording.md).

export interface JoinedRun {
  run: number;
  segments: SegmentEntry[];
  /** Where the run's first frame lies on the joined time line, ms after the first run's first frame. */
  offsetMs: number;
  /** Ticks added to each track's decode times (by track id). */
  shift: Map<number, number>;
}

export class JoinError extends Error {}

/** Reads the init segment (ftyp+moov) at the start of a segment object. */
async function initOf(store: Storage, s: SegmentEntry): Promise<Buffer> {
  return buffer(await store.get(s.key, { start: 0, end: s.initBytes - 1 }));
}

/**
 * The runs of a recording that hold segments, each with the shift that puts it on the first run's time
 * line, and the init segment the joined file starts with (the run with the most tracks: a run
 * without audio fits under one with audio). Throws JoinError when a run's codec configuration differs
 * from the others' (e.g. the camera changed resolution): one init segment cannot describe both.
 */
export async function planJoin(store: Storage, index: RecordingIndex): Promise<{ init: Buffer; runs: JoinedRun[]; tracks: TrackInfo[] }> {
  const byRun = new Map<number, SegmentEntry[]>();
  for (const s of [...index.segments].sort((a, b) => a.index - b.index)) byRun.set(s.run, [...(byRun.get(s.run) ?? []), s]);
  const runs = index.runs.filter((r) => byRun.has(r.run) && r.hostFirstFrameAt);
  const first = runs[0];
  if (!first) throw new JoinError("The recording has no segments");
  const inits = await Promise.all(runs.map((r) => initOf(store, (byRun.get(r.run) as SegmentEntry[])[0] as SegmentEntry)));
  const tracks = inits.map(parseInit);
  const baseAt = tracks.reduce((best, t, i) => (t.length > (tracks[best] as TrackInfo[]).length ? i : best), 0);
  const base = tracks[baseAt] as TrackInfo[];
  const baseInit = inits[baseAt] as Buffer;
  runs.forEach((r, i) => {
    for (const t of tracks[i] as TrackInfo[]) {
      const b = base.find((x) => x.id === t.id);
      if (!b || b.handler !== t.handler || b.timescale !== t.timescale || !b.stsd.equals(t.stsd)) {
        throw new JoinError(`Run ${r.run} was recorded with another ${t.handler === "soun" ? "audio" : "video"} configuration than run ${runs[baseAt]?.run}; joining them needs re-encoding`);
      }
    }
  });
  const video = base.find((t) => t.handler === "vide") ?? (base[0] as TrackInfo);
  const originOf = (r: (typeof runs)[number]) => r.firstPts ?? Math.min(...(byRun.get(r.run) as SegmentEntry[]).map((s) => s.startPts));
  const t0 = Date.parse(first.hostFirstFrameAt as string);
  const p0 = originOf(first);
  let prevEndS = -Infinity;
  const out: JoinedRun[] = [];
  for (const r of runs) {
    const segs = byRun.get(r.run) as SegmentEntry[];
    let offsetMs = Date.parse(r.hostFirstFrameAt as string) - t0;
    // Seconds added to the run's own times; never so early that it would overlap the run before
    // (only a host clock stepped backwards could ask for that).
    let s = offsetMs / 1000 - (originOf(r) - p0) / video.timescale;
    const startS = Math.min(...segs.map((x) => x.startPts)) / video.timescale;
    if (startS + s < prevEndS) {
      s = prevEndS - startS;
      offsetMs = (s + (originOf(r) - p0) / video.timescale) * 1000;
    }
    prevEndS = Math.max(...segs.map((x) => x.endPts)) / video.timescale + s;
    out.push({ run: r.run, segments: segs, offsetMs, shift: new Map(base.map((t) => [t.id, Math.round(s * t.timescale)])) });
  }
  return { init: baseInit, runs: out, tracks: base };
}

/** The joined file's bytes, streamed: the init, then every run's fragments re-timed (mdat bytes untouched). */
export async function* joinRuns(store: Storage, plan: Awaited<ReturnType<typeof planJoin>>): AsyncGenerator<Buffer> {
  yield plan.init;
  for (const run of plan.runs) {
    for (const seg of run.segments) {
      const body = (await store.get(seg.key, { start: seg.initBytes })) as AsyncIterable<Buffer>;
      for await (const ev of readFmp4(body)) {
        if (ev.kind === "fragment") {
          shiftMoof(ev.moof, run.shift);
          yield ev.moof;
        } else if (ev.kind === "data") yield ev.data;
      }
    }
  }
}

/**
 * Remuxes the joined stream into a regular MP4 (moov first) at `file`: stream copy, every pts kept.
 * No edit list: the muxer would write one when the first frame's pts is not its dts, in ms (the movie
 * timescale), and that moved every pts by up to half a ms (6006 ticks came out as 5940).
 */
export async function writeJoined(store: Storage, plan: Awaited<ReturnType<typeof planJoin>>, file: string): Promise<void> {
  const args = ["-hide_banner", "-nostdin", "-v", "error", "-f", "mp4", "-i", "pipe:0", "-map", "0", "-c", "copy", "-copyts", "-use_editlist", "0", "-movflags", "+faststart", "-y", file];
  const bin = await recordingFfmpeg();
  const child = spawn(bin, args, { stdio: ["pipe", "ignore", "pipe"] });
  const err = new TailBuffer(8192);
  child.stderr.setEncoding("utf8").on("data", (t: string) => err.push(t));
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((r) => child.on("close", (code, sig) => r([code, sig])));
  const fed = pipeline(Readable.from(joinRuns(store, plan)), child.stdin).catch((e: unknown) => e);
  const [code, sig] = await exited;
  if (code !== 0) throw describeFailure(bin, args, code, sig, err.toString());
  const e = await fed;
  if (e) throw e;
}
