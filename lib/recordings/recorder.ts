import { spawn, type ChildProcess } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import type { Readable } from "node:stream";
import { RawFramePairer } from "@/lib/media/raw-pairs";
import { ffmpegArgs, lastLine, probeSourceAudio, recordingFfmpeg, type AudioPlan, type LiveOutput } from "./ffmpeg-args";
import { readFmp4 } from "./fmp4";
import { closeInterrupted, indexKey, newIndex, newRun, recordedMs, startRun, type RecordingIndex, type RunEntry, type SegmentEntry } from "./recording-index";
import { applyRtcp, RtcpTap, startRtcpTap } from "./rtcp-tap";
import { SegmentWriter } from "./segment-writer";
import type { RecordTarget } from "./target";

export interface RecorderOptions {
  source: string;
  target: RecordTarget;
  /** Key prefix of this recording inside the target (one safe path part). */
  id: string;
  /** Stop after this much recorded media (summed over runs); unlimited when absent. */
  seconds?: number;
  segmentSeconds?: number;
  /** Reconnect attempts after a drop before the recording ends, and the backoff between them. */
  retries?: number;
  backoffMs?: [number, number];
  /** RTSP socket I/O timeout: a silent source counts as dropped after this long. */
  ioTimeoutMs?: number;
  /** Read RTCP sender reports through a local relay (TCP only) for the first frame's wall clock; default on. */
  rtcp?: boolean;
  /**
   * The index a previous process left (it crashed or handed over): the recording continues as a new
   * run into the same id, keeping earlier runs and segments; the interruption becomes a gap.
   */
  resume?: RecordingIndex;
  /** False once this process may no longer write the recording (its lease ran out): no more index writes. */
  fence?: () => boolean;
  onUpdate?: (index: RecordingIndex) => void | Promise<void>;
  log?: (line: string) => void;
  /**
   * Live detection's input: the same ffmpeg also writes the stream sampled at `fps`, scaled, as raw
   * frames (one input, two outputs; the segments are still a stream copy). Called for each frame.
   */
  live?: LiveOutput & { onFrame: (frame: RecordedFrame) => void };
}

/** A frame of the recorder's live output. */
export interface RecordedFrame {
  /** Connection number (0, 1, … after each reconnect). */
  run: number;
  /** The frame's pts in the run, ms (the same clock as the run's segments: RTP, origin at its first packet). */
  ptsMs: number;
  /** Capture time by the source's RTCP sender reports, else the host's clock at arrival. */
  wallClockMs: number;
  clock: "rtcp" | "host";
  arrivalMs: number;
  width: number;
  height: number;
  data: Buffer;
}

type RunResult = { gotMedia: boolean; mediaMs: number; reason: string };

/**
 * Pulls an RTSP stream with ffmpeg (stream copy, no re-encode) into fragmented MP4 segments that are
 * uploaded while recording, keeps `<id>/index.json` current, reconnects after a drop with backoff.
 */
export class Recorder {
  readonly index: RecordingIndex;
  private child: ChildProcess | undefined;
  private stopping = false;
  private handOverReason: string | undefined;
  private abandoned = false;
  private wake: (() => void) | undefined;
  private segments = 0;
  private indexWrite: Promise<void> = Promise.resolve();

  constructor(private readonly o: RecorderOptions) {
    this.index = o.resume ? closeInterrupted(structuredClone(o.resume), "recording process lost") : newIndex(o.id, o.source, o.target.label);
    this.segments = Math.max(0, ...this.index.segments.map((s) => s.index));
  }

  /** Graceful stop: ffmpeg gets SIGINT, writes its last fragment, the last segment is uploaded. */
  stop(): void {
    this.handOverReason = undefined; // a stop asked for wins over a hand-over in progress
    this.halt();
  }

  /**
   * Graceful stop that leaves the recording open for another process: the last segment is finalised,
   * the run ends with `reason`, a gap opens and the index stays `reconnecting` (not `stopped`).
   */
  handOver(reason: string): void {
    if (!this.stopping) this.handOverReason = reason;
    this.halt();
  }

  private halt(): void {
    this.stopping = true;
    this.child?.kill("SIGINT");
    this.wake?.();
  }

  /** This process lost the recording to another one: ffmpeg is killed and nothing more is written. */
  abandon(): void {
    this.abandoned = true;
    this.stopping = true;
    this.child?.kill("SIGKILL");
    this.wake?.();
  }

  async run(): Promise<RecordingIndex> {
    const { retries = 5, backoffMs = [500, 8000] } = this.o;
    let failures = 0;
    let recorded = recordedMs(this.index); // a resumed recording counts what earlier runs recorded
    let transport: "tcp" | "udp" = "tcp";
    await this.save();
    while (!this.stopping) {
      const left = this.o.seconds === undefined ? undefined : this.o.seconds - recorded / 1000;
      if (left !== undefined && left <= 0.001) break;
      const runNo = this.index.runs.length;
      const res = await this.runOnce(runNo, transport, left).catch((e: unknown) => ({
        gotMedia: false,
        mediaMs: 0,
        reason: e instanceof Error ? e.message : String(e),
      }));
      recorded += res.mediaMs;
      if (this.stopping || (left !== undefined && res.gotMedia && res.reason === "ok" && res.mediaMs / 1000 >= left - 0.5)) break;
      if (res.gotMedia) failures = 0;
      else if (transport === "tcp") {
        // TCP interleaved refused (some cameras): the next attempt asks for UDP at once.
        transport = "udp";
        this.log(`run ${runNo}: no media over TCP (${res.reason}); trying UDP`);
        continue;
      } else transport = "tcp";
      failures++;
      const gap = this.openGap(runNo, res.reason);
      if (failures > retries) {
        this.index.state = this.index.segments.length ? "ended" : "failed";
        this.index.error = `source gone after ${retries} reconnect attempts: ${res.reason}`;
        gap.reason = res.reason;
        break;
      }
      this.index.state = "reconnecting";
      await this.save();
      const wait = Math.min(backoffMs[1], backoffMs[0] * 2 ** (failures - 1));
      this.log(`run ${runNo} ended (${res.reason}); reconnecting in ${wait} ms`);
      await new Promise<void>((r) => {
        this.wake = r;
        void sleep(wait).then(r);
      });
    }
    const open = this.index.state === "recording" || this.index.state === "starting" || this.index.state === "reconnecting";
    if (open && this.handOverReason !== undefined) {
      const last = this.index.runs[this.index.runs.length - 1];
      if (last) this.openGap(last.run, this.handOverReason);
      this.index.state = last ? "reconnecting" : "starting";
    } else if (open) {
      this.index.state = this.index.segments.length ? "stopped" : "failed";
      if (!this.index.segments.length) this.index.error ??= "no media received";
    }
    await this.save();
    return this.index;
  }

  private openGap(afterRun: number, reason: string) {
    const last = this.index.gaps[this.index.gaps.length - 1];
    if (last && last.to === null) return last;
    const gap = { afterRun, from: new Date().toISOString(), to: null as string | null, ms: null as number | null, reason };
    this.index.gaps.push(gap);
    return gap;
  }

  private async runOnce(runNo: number, transport: "tcp" | "udp", seconds: number | undefined): Promise<RunResult> {
    const tap = transport === "tcp" && this.o.rtcp !== false ? new RtcpTap() : undefined;
    // What the source sends (its SDP): the run records its audio too, copied or transcoded to AAC.
    const audio = await probeSourceAudio(this.o.source, transport, this.o.ioTimeoutMs ?? 5000);
    const relay = tap ? await startRtcpTap(this.o.source, tap) : undefined;
    try {
      return await this.pull(runNo, transport, seconds, relay?.url ?? this.o.source, tap, audio);
    } finally {
      await relay?.close();
    }
  }

  private async pull(runNo: number, transport: "tcp" | "udp", seconds: number | undefined, input: string, tap: RtcpTap | undefined, audio: AudioPlan | undefined): Promise<RunResult> {
    const live = this.o.live;
    const args = ffmpegArgs(input, transport, this.o.ioTimeoutMs ?? 5000, seconds, audio, live);
    const child = spawn(await recordingFfmpeg(), args, { stdio: ["ignore", "pipe", "pipe", live ? "pipe" : "ignore"] });
    this.child = child;
    if (this.stopping) child.kill("SIGINT");
    let stderr = "";
    const pairer = live
      ? new RawFramePairer((info, data) => {
          const arrivalMs = Date.now();
          const rtcpMs = tap?.report ? tap.wallclockAt(info.ticks) : undefined;
          const ptsMs = (info.ticks * 1000) / (tap?.clockRate ?? 90000);
          live.onFrame({ run: runNo, ptsMs, wallClockMs: rtcpMs ?? arrivalMs, clock: rtcpMs === undefined ? "host" : "rtcp", arrivalMs, width: info.width, height: info.height, data });
        })
      : undefined;
    // Read continuously: a slow consumer drops frames on its side, never stalls the recording.
    if (pairer) (child.stdio[3] as Readable).on("data", (d: Buffer) => pairer.data(d));
    (child.stderr as Readable).setEncoding("utf8").on("data", (s: string) => {
      const text = pairer ? pairer.text(s).map((l) => `${l}\n`).join("") : s;
      stderr = (stderr + text).slice(-4000);
    });
    const exited = new Promise<number | null>((r) => child.on("close", (code) => r(code)));
    const run = newRun(runNo, transport, audio);
    if (audio) this.log(`run ${runNo}: audio ${audio.source}${audio.transcoded ? " → aac (transcoded: not storable in MP4 as it is)" : " (stream copy)"}`);
    let registered = false;
    let first: number | undefined;
    let end = 0;
    const writer = new SegmentWriter(this.o.target.store, this.o.id, runNo, this.o.segmentSeconds ?? 10, () => ++this.segments, (s) => this.addSegment(s));
    let streamError: Error | undefined;
    try {
      for await (const ev of readFmp4(child.stdout as AsyncIterable<Buffer>)) {
        if (ev.kind === "init") {
          writer.setInit(ev.data, ev.timescale, ev.tracks);
          this.index.timescale ??= ev.timescale;
          if (run.audio) run.audio.timescale = ev.tracks.find((t) => t.handler === "soun")?.timescale ?? null;
        } else if (ev.kind === "fragment") {
          if (first === undefined && ev.info.frames > 0) {
            first = ev.info.minPts;
            run.firstPts = first;
            // The fragment arrives when the next keyframe does: its first frame was on the wire
            // (end − first) earlier. Host clock, so flagged "host" (see docs/recording.md).
            const ts = this.index.timescale ?? 90000;
            startRun(this.index, run, new Date(Date.now() - ((ev.info.endPts - ev.info.minPts) * 1000) / ts));
            registered = true;
            const firstPts = first;
            if (tap) {
              tap.onReport = () => void this.fromRtcp(run, tap, firstPts);
              await this.fromRtcp(run, tap, firstPts);
            }
            await this.save();
          }
          if (this.o.fence?.() === false) {
            // The lease ran out (this process stalled or lost the database): another process may be
            // recording already. Abort the open segment's upload rather than finish it.
            writer.abort(new Error("lease lost"));
            this.abandon();
            break;
          }
          end = Math.max(end, ev.info.endPts);
          await writer.fragment(ev.moof, ev.info, ev.tracks);
        } else if (ev.kind === "data") await writer.data(ev.data);
        // "other" top-level boxes (ffmpeg's trailing mfra) index the whole pipe output: not kept.
      }
    } catch (e) {
      streamError = e instanceof Error ? e : new Error(String(e));
      this.log(`run ${runNo}: ${streamError.message}`);
    }
    const code = await exited;
    this.child = undefined;
    await writer.flush(); // a truncated last fragment is kept: decoders read it up to the cut
    const ts = this.index.timescale ?? 90000;
    const reason = this.stopping ? (this.handOverReason ?? "stopped") : code === 0 && !streamError ? "ok" : lastLine(stderr) || `ffmpeg exited with ${code}`;
    run.endedAt = new Date().toISOString();
    run.endReason = reason;
    if (registered) await this.save();
    return { gotMedia: first !== undefined, mediaMs: first === undefined ? 0 : ((end - first) * 1000) / ts, reason };
  }

  /** The sender's wall clock for the run's first frame and the A/V skew, once RTCP sender reports came. */
  private async fromRtcp(run: RunEntry, tap: RtcpTap, firstPts: number): Promise<void> {
    if (!applyRtcp(run, tap, firstPts)) return;
    if (run.run === 0 && run.wallclockSource === "rtcp") this.index.wallclock = { firstFrame: run.firstFrameAt, source: "rtcp" };
    await this.save();
  }

  private async addSegment(s: SegmentEntry): Promise<void> {
    this.index.segments.push(s);
    this.index.segments.sort((a, b) => a.index - b.index);
    this.log(`segment ${s.index} (run ${s.run}): ${s.frames} frames, ${s.bytes} bytes, upload done ${s.uploadMs} ms after close`);
    await this.save();
  }

  /** Writes the index (serialised: the last write always carries the newest state). */
  private save(): Promise<void> {
    if (this.abandoned || this.o.fence?.() === false) return this.indexWrite.catch(() => {});
    this.index.updatedAt = new Date().toISOString();
    const snapshot = JSON.stringify(this.index, null, 1);
    const copy = JSON.parse(snapshot) as RecordingIndex;
    this.indexWrite = this.indexWrite
      .catch(() => {})
      .then(async () => {
        await this.o.target.store.put(indexKey(this.o.id), Buffer.from(snapshot), { contentType: "application/json" });
        await this.o.onUpdate?.(copy);
      });
    return this.indexWrite;
  }

  private log(line: string): void {
    this.o.log?.(`[record ${this.o.id}] ${line}`);
  }
}
