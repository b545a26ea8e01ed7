import { spawn } from "node:child_process";
import { lastLine, recordingFfmpeg } from "@/lib/recordings/ffmpeg-args";
import { RtcpTap, startRtcpTap } from "@/lib/recordings/rtcp-tap";
import { RawFramePairer, sampledRawOutput } from "@/lib/media/raw-pairs";
import type { RecordedFrame } from "@/lib/recordings/recorder";

/**
 * One decoded, scaled frame of a live stream, as it came out of ffmpeg: the same shape as the recorder's
 * live output (run, exact pts, RTCP or host wall clock, arrival time, raw RGB24).
 */
export type LiveFrame = RecordedFrame;

export interface StreamRunOptions {
  url: string;
  run: number;
  /** Analysis rate: the first frame of every 1/fps slot of the stream's clock passes (exact pts kept). */
  fps: number;
  /** Scaled width (even); the height keeps the aspect. Never wider than the source. */
  width: number;
  ioTimeoutMs?: number;
  /** Read the RTCP sender reports through a local relay (TCP); default on. */
  rtcp?: boolean;
  signal?: AbortSignal;
}

export interface StreamRunEnd {
  /** Why the run ended: "stopped", "ended" (the source closed) or ffmpeg's last words. */
  reason: string;
  frames: number;
}

/**
 * ffmpeg arguments: pull over RTSP (TCP), keep the RTP-derived pts (-copyts), let one frame per 1/fps
 * slot through (select on its own pts, so VFR sources keep their exact times), scale it, print each
 * frame's pts (showinfo) on stderr and write it as raw RGB24 on stdout. Nothing is encoded.
 */
export function liveDecodeArgs(input: string, fps: number, width: number, ioTimeoutMs: number): string[] {
  return [
    "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info",
    "-rtsp_transport", "tcp",
    "-timeout", String(ioTimeoutMs * 1000),
    // A short probe: the SDP's parameter sets give the size; the default probe holds ~1.5 s of frames back.
    "-probesize", "32",
    "-copyts",
    "-i", input,
    "-map", "0:v:0",
    ...sampledRawOutput(fps, width, "pipe:1"),
  ];
}

/**
 * One connection to the stream: yields frames as ffmpeg delivers them and returns when the source
 * closes, the connection fails or the signal aborts (ffmpeg gets SIGINT, then SIGKILL).
 */
export async function* streamRun(o: StreamRunOptions): AsyncGenerator<LiveFrame, StreamRunEnd, undefined> {
  const tap = o.rtcp === false ? undefined : new RtcpTap();
  const relay = tap ? await startRtcpTap(o.url, tap) : undefined;
  const child = spawn(await recordingFfmpeg(), liveDecodeArgs(relay?.url ?? o.url, o.fps, o.width, o.ioTimeoutMs ?? 5000), { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  const ready: LiveFrame[] = [];
  let wake: (() => void) | undefined;
  let closed = false;
  let frames = 0;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const pairer = new RawFramePairer((info, data) => {
    const arrivalMs = Date.now();
    const rtcpMs = tap?.report ? tap.wallclockAt(info.ticks) : undefined;
    ready.push({
      run: o.run,
      ptsMs: (info.ticks * 1000) / (tap?.clockRate ?? 90000),
      wallClockMs: rtcpMs ?? arrivalMs,
      clock: rtcpMs === undefined ? "host" : "rtcp",
      arrivalMs,
      width: info.width,
      height: info.height,
      data,
    });
    frames++;
    notify();
  });
  child.stdout.on("data", (d: Buffer) => pairer.data(d));
  child.stderr.setEncoding("utf8").on("data", (s: string) => {
    for (const line of pairer.text(s)) stderr = (stderr + line + "\n").slice(-4000);
  });
  const exited = new Promise<number | null>((r) => child.on("close", (code) => r(code)));
  void exited.then(() => {
    closed = true;
    notify();
  });
  let stopped = false;
  const onAbort = () => {
    stopped = true;
    child.kill("SIGINT");
    setTimeout(() => child.kill("SIGKILL"), 2000).unref();
  };
  if (o.signal?.aborted) onAbort();
  o.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    for (;;) {
      const f = ready.shift();
      if (f) {
        yield f;
        continue;
      }
      if (closed) break;
      await new Promise<void>((r) => (wake = r));
    }
    const code = await exited;
    return { reason: stopped ? "stopped" : code === 0 ? "ended" : lastLine(stderr) || `ffmpeg exited with ${code}`, frames };
  } finally {
    o.signal?.removeEventListener("abort", onAbort);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await relay?.close();
  }
}
