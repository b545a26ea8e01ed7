import { FfmpegError } from "./errors";
import { run, withFallback } from "./ffmpeg";
import type { VideoProbe } from "./probe";
import { inputArgs, outputArgs, outputSize, quoteExpr, selectOne } from "./select";
import { frameAt, ptsMsOf, type Timeline } from "./timeline";
import { getProbe, getTimeline } from "./timeline-read";

export { decodeFrames, type DecodedFrame, type DecodeOptions } from "./decode-frames";

export interface ExtractOptions {
  /** The file's timeline (else read once and cached by path + size + mtime). */
  timeline?: Timeline;
  format?: "png" | "jpeg";
  /** Scale to this width (and/or height), keeping the aspect ratio when only one is given. */
  width?: number;
  height?: number;
  probe?: VideoProbe;
  signal?: AbortSignal;
}

export interface ExtractedFrame {
  index: number;
  ptsMs: number;
  image: Buffer;
  width: number;
  height: number;
}

/**
 * The frame on screen at `ms` (ms from the first frame; the last frame with ptsMs ≤ ms), encoded as
 * PNG or JPEG. `ffmpeg -ss ms` alone would give the first frame with pts ≥ ms, i.e. often the next
 * one; instead ffmpeg jumps to the keyframe before the target and a select filter keeps the one
 * frame whose pts equals the target's.
 */
export async function extractFrame(file: string, ms: number, opts: ExtractOptions = {}): Promise<ExtractedFrame> {
  const probe = opts.probe ?? (await getProbe(file, opts));
  const t = opts.timeline ?? (await getTimeline(file, { probe, signal: opts.signal }));
  const index = frameAt(t, ms);
  if (index < 0) throw new RangeError(`No frame at ${ms} ms: the first frame starts at 0 ms`);
  const size = outputSize(probe, opts.width, opts.height);
  const filters = [`select=${quoteExpr(selectOne(t, t.pts[index] as number))}`];
  if (opts.width || opts.height) filters.push(`scale=${size.width}:${size.height}`);
  const jpeg = opts.format === "jpeg";
  if (jpeg) filters.push("format=yuvj420p"); // the mjpeg encoder wants full-range YUV
  const codec = jpeg ? ["-c:v", "mjpeg", "-q:v", "2"] : ["-c:v", "png"];
  const attempt = (seek: boolean) =>
    withFallback("ffmpeg", async (bin) => {
      const args = [...inputArgs(file, t, index, probe.streamIndex, { seek }), ...outputArgs(bin, filters, 1), "-f", "image2pipe", ...codec, "pipe:1"];
      return (await run(bin.path, args, { signal: opts.signal })).stdout;
    });
  let image = await attempt(true);
  // A demuxer that seeks past the keyframe we asked for yields nothing: decode from the start.
  if (image.length === 0) image = await attempt(false);
  if (image.length === 0) throw new FfmpegError(`ffmpeg produced no picture for frame ${index} of ${file}`, 0, null, "");
  return { index, ptsMs: ptsMsOf(t, index), image, width: size.width, height: size.height };
}
