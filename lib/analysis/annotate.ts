import { spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Box } from "@/lib/geometry/views";
import { boxAt, type TimedBox } from "@/lib/track/interpolate";
import { abortError, FfmpegError } from "@/lib/media/errors";
import { binaryInfo, candidates, describeFailure, passthroughArgs, TailBuffer, type BinaryInfo } from "@/lib/media/ffmpeg";
import { decodeFrames } from "@/lib/media/frames";
import type { VideoProbe } from "@/lib/media/probe";
import { getProbe, getTimeline } from "@/lib/media/timeline-read";
import type { Timeline } from "@/lib/media/timeline";
import { drawLabelledBox, styleFor, type RgbImage } from "./draw";
import { ptsExpression } from "./pts-expr";
import { boxesByTrack, type DetectionsDocument } from "./schema";

export interface AnnotateOptions {
  signal?: AbortSignal;
  /** Called after each frame is handed to the encoder. */
  onFrame?: (done: number, total: number) => void;
  /** libx264 settings (defaults: veryfast, CRF 23). */
  preset?: string;
  crf?: number;
  timeline?: Timeline;
  probe?: VideoProbe;
  /** Extra drawing on each frame after the boxes (e.g. skeletons and actions), at the frame's exact pts. */
  draw?: (img: RgbImage, ptsMs: number) => void;
}

export interface AnnotateResult {
  frames: number;
  bytes: number;
  ms: number;
}

interface DrawTrack {
  trackId: number;
  label: string;
  firstMs: number;
  lastMs: number;
  boxes: TimedBox[];
}

/**
 * Writes an H.264 MP4 of `src` with every track's box, label and id drawn on every frame (boxes
 * between analysed frames interpolated, as a click would be matched). Every frame of the source is
 * decoded and drawn here on the raw RGB buffer, piped to ffmpeg, and given back its exact pts (ticks
 * of the source's timescale, counted from the first frame) by a setpts expression: the output has the
 * source's frames, in order, at the source's exact times — VFR included.
 */
export async function annotateVideo(src: string, out: string, doc: DetectionsDocument, opts: AnnotateOptions = {}): Promise<AnnotateResult> {
  const t0 = performance.now();
  const probe = opts.probe ?? (await getProbe(src, opts));
  const timeline = opts.timeline ?? (await getTimeline(src, { probe, signal: opts.signal }));
  const total = timeline.frameCount;
  const tracks = drawTracks(doc);
  const ticks = Array.from(timeline.pts, (p) => p - timeline.startPts);
  const bin = await encoderBinary();
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), "fc-annotate-"));
  try {
    const script = path.join(tmp, "filter.txt");
    const filters = [`settb=1/${timeline.timescale}`, `setpts='${ptsExpression(ticks)}'`];
    // 4:2:0 chroma needs even dimensions.
    if (probe.width % 2 || probe.height % 2) filters.push("pad=ceil(iw/2)*2:ceil(ih/2)*2");
    await fs.writeFile(script, filters.join(","));
    const rate = nominalRate(ticks, timeline.timescale);
    const args = [
      "-hide_banner", "-nostdin", "-v", "error",
      "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", `${probe.width}x${probe.height}`, "-framerate", rate, "-i", "pipe:0",
      "-filter_script:v", script,
      "-c:v", "libx264", "-preset", opts.preset ?? "veryfast", "-crf", String(opts.crf ?? 23), "-pix_fmt", "yuv420p", "-bf", "0",
      // The encoder and the MP4 track count in the source's ticks, so no pts is rounded.
      "-enc_time_base", `1/${timeline.timescale}`, ...passthroughArgs(bin),
      "-video_track_timescale", String(timeline.timescale), "-movflags", "+faststart",
      "-an", "-f", "mp4", "-y", out,
    ];
    const frames = decodeFrames(src, { probe, timeline, signal: opts.signal });
    const style = styleFor(probe.height);
    const done = await encode(bin.path, args, opts.signal, async (write) => {
      let n = 0;
      for await (const f of frames) {
        if (f.index !== n) throw new Error(`annotate: expected frame ${n}, got ${f.index}`);
        for (const item of boxesAt(tracks, f.ptsMs)) drawLabelledBox(f, item, style);
        opts.draw?.(f, f.ptsMs);
        await write(f.data);
        n++;
        opts.onFrame?.(n, total);
      }
      return n;
    });
    if (done !== total) throw new Error(`annotate: decoded ${done} of ${total} frames`);
    const { size } = await fs.stat(out);
    return { frames: done, bytes: size, ms: Math.round(performance.now() - t0) };
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

function drawTracks(doc: DetectionsDocument): DrawTrack[] {
  const boxes = boxesByTrack(doc);
  return doc.tracks
    .map((t) => ({ ...t, boxes: (boxes.get(t.trackId) ?? []).map((b) => ({ ptsMs: b.ptsMs, box: b.box as Box })) }))
    // Unconfirmed tracks are not drawn: the annotated video shows what shoppers see.
    .filter((t) => !t.hidden && t.boxes.length > 0)
    .sort((a, b) => a.firstMs - b.firstMs);
}

/** The boxes on screen at `ptsMs`: each live track's box, interpolated between its analysed frames. */
export function boxesAt(tracks: readonly DrawTrack[], ptsMs: number): { trackId: number; label: string; box: Box }[] {
  const out: { trackId: number; label: string; box: Box }[] = [];
  for (const t of tracks) {
    if (t.firstMs > ptsMs) break; // sorted by firstMs
    if (t.lastMs < ptsMs) continue;
    const box = boxAt(t.boxes, ptsMs);
    if (box) out.push({ trackId: t.trackId, label: t.label, box });
  }
  return out;
}

/** A frame rate near the video's typical one (only labels the raw input; setpts gives the real times). */
function nominalRate(ticks: number[], timescale: number): string {
  if (ticks.length < 2) return "25";
  const deltas = ticks.slice(1).map((v, i) => v - (ticks[i] as number)).sort((a, b) => a - b);
  const median = deltas[deltas.length >> 1] as number;
  return median > 0 ? `${timescale}/${median}` : "25";
}

/** The first ffmpeg binary that runs (every candidate we resolve ships libx264). */
async function encoderBinary(): Promise<BinaryInfo> {
  let last: unknown;
  for (const c of candidates("ffmpeg")) {
    try {
      return await binaryInfo(c);
    } catch (e) {
      last = e;
    }
  }
  throw last instanceof Error ? last : new Error("No working ffmpeg found");
}

/** Runs ffmpeg with `produce` writing raw frames to its stdin (with backpressure). */
async function encode(bin: string, args: string[], signal: AbortSignal | undefined, produce: (write: (b: Uint8Array) => Promise<void>) => Promise<number>): Promise<number> {
  if (signal?.aborted) throw abortError(signal);
  const child = spawn(bin, args, { stdio: ["pipe", "ignore", "pipe"] });
  const err = new TailBuffer(16 * 1024);
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (s: string) => err.push(s));
  const closed = new Promise<{ code: number | null; sig: NodeJS.Signals | null }>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, sig) => resolve({ code, sig }));
  });
  closed.catch(() => undefined);
  const onAbort = () => child.kill("SIGKILL");
  signal?.addEventListener("abort", onAbort, { once: true });
  let stdinError: Error | undefined;
  child.stdin.on("error", (e) => (stdinError = e)); // EPIPE when ffmpeg died: reported from its exit below
  const failure = async (): Promise<Error> => {
    const { code, sig } = await closed;
    return signal?.aborted ? abortError(signal) : describeFailure(bin, args, code, sig, err.toString());
  };
  try {
    const n = await produce(async (b) => {
      if (stdinError || child.exitCode !== null) throw await failure();
      if (!child.stdin.write(b)) {
        await Promise.race([once(child.stdin, "drain"), closed]);
        if (child.exitCode !== null || child.signalCode !== null) throw await failure();
      }
    });
    child.stdin.end();
    const { code, sig } = await closed;
    if (signal?.aborted) throw abortError(signal);
    if (code !== 0) throw describeFailure(bin, args, code, sig, err.toString());
    return n;
  } catch (e) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await closed.catch(() => undefined);
    if (e instanceof FfmpegError) throw e;
    throw signal?.aborted ? abortError(signal) : e;
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}
