import fs from "node:fs/promises";
import { z } from "zod";
import { FfmpegError, NotAVideoError } from "./errors";
import { run } from "./ffmpeg";
import { isUrl, remoteInputArgs } from "./input";

export interface VideoProbe {
  /** Container (or stream) duration; NaN when the file does not say. */
  durationMs: number;
  /** Displayed size: coded size with the rotation applied, as ffmpeg's decoder output (autorotate). */
  width: number;
  height: number;
  codedWidth: number;
  codedHeight: number;
  codec: string;
  /** nb_frames when the container stores it, else duration × average frame rate. */
  frameCountEstimate: number;
  /** The video stream's start time (its first pts) in ms; not the offset the timeline counts from. */
  startTimeMs: number;
  /** Clockwise degrees (0, 90, 180, 270) the player rotates the picture by. */
  rotation: number;
  hasVideo: true;
  streamIndex: number;
  /** The stream reorders frames (B-frames): ffmpeg's -ss then aims 3/23 s early (its "dts heuristic"). */
  hasBFrames: boolean;
  /** Stream time base as [num, den]: pts ticks are num/den seconds. */
  timeBase: [number, number];
  formatName: string;
}

const num = z.union([z.number(), z.string()]).optional();
const streamSchema = z.object({
  index: z.number(),
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  time_base: z.string().optional(),
  start_time: num,
  duration: num,
  nb_frames: num,
  avg_frame_rate: z.string().optional(),
  r_frame_rate: z.string().optional(),
  has_b_frames: z.number().optional(),
  disposition: z.record(z.string(), z.number()).optional(),
  tags: z.record(z.string(), z.string()).optional(),
  side_data_list: z.array(z.object({ rotation: z.number().optional() }).loose()).optional(),
});
const probeSchema = z.object({
  streams: z.array(streamSchema.loose()).default([]),
  format: z.object({ format_name: z.string().optional(), duration: num }).loose().optional(),
});

// Demuxers that turn text or stills into a "video" stream: a page of text is not a video to shop from.
const STILL_OR_TEXT_FORMATS = /^(tty|image2|[a-z0-9_]+_pipe|apng|gif|webp|ico|bmp|png|jpeg|lavfi)(,|$)/;
const STILL_OR_TEXT_CODECS = new Set(["ansi", "bintext", "xbin", "idf", "png", "mjpeg_still", "bmp", "gif", "webp"]);

function toNumber(v: number | string | undefined): number {
  if (v === undefined || v === "N/A") return NaN;
  return typeof v === "number" ? v : Number(v);
}

function ratio(s: string | undefined): number {
  const [a, b] = (s ?? "").split("/").map(Number);
  return a !== undefined && b !== undefined && b > 0 ? a / b : NaN;
}

/** Reads the first real video stream's properties (a path or an HTTP(S) URL); throws NotAVideoError for anything else. */
export async function probeVideo(file: string, opts: { signal?: AbortSignal } = {}): Promise<VideoProbe> {
  if (!isUrl(file)) {
    const stat = await fs.stat(file).catch(() => null);
    if (!stat) throw new NotAVideoError(file, "file not found");
    if (!stat.isFile()) throw new NotAVideoError(file, "not a regular file");
    if (stat.size === 0) throw new NotAVideoError(file, "empty file");
  }
  let json: unknown;
  try {
    // Over HTTP(S) ffprobe reads the header and index with Range requests, not the whole file.
    const { stdout } = await run("ffprobe", ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", ...remoteInputArgs(file), file], opts);
    json = JSON.parse(stdout.toString("utf8"));
  } catch (e) {
    if (e instanceof FfmpegError && !e.crashed) {
      const why = e.stderrTail.trim().split("\n").pop()?.replace(`${file}: `, "") || "ffprobe cannot read it";
      throw new NotAVideoError(file, `unreadable or corrupt (${why})`);
    }
    throw e;
  }
  const parsed = probeSchema.safeParse(json);
  if (!parsed.success) throw new NotAVideoError(file, "ffprobe returned no stream information");
  const { streams, format } = parsed.data;
  const formatName = format?.format_name ?? "";
  const video = streams.find((s) => s.codec_type === "video" && !s.disposition?.attached_pic);
  if (!video) throw new NotAVideoError(file, streams.length ? "no video stream (audio or data only)" : "no streams");
  if (STILL_OR_TEXT_FORMATS.test(formatName) || STILL_OR_TEXT_CODECS.has(video.codec_name ?? "")) {
    throw new NotAVideoError(file, `a still image or text (${formatName}/${video.codec_name ?? "?"}), not a video`);
  }
  const codedWidth = video.width ?? 0;
  const codedHeight = video.height ?? 0;
  if (!codedWidth || !codedHeight) throw new NotAVideoError(file, "video stream has no picture size");
  const rotation = readRotation(video);
  const [tbNum, tbDen] = (video.time_base ?? "1/90000").split("/").map(Number);
  const durationS = [toNumber(video.duration), toNumber(format?.duration)].find((d) => Number.isFinite(d)) ?? NaN;
  const nbFrames = toNumber(video.nb_frames);
  const startS = toNumber(video.start_time);
  const rate = [ratio(video.avg_frame_rate), ratio(video.r_frame_rate)].find((r) => r > 0) ?? NaN;
  const swap = rotation === 90 || rotation === 270;
  return {
    durationMs: durationS * 1000,
    width: swap ? codedHeight : codedWidth,
    height: swap ? codedWidth : codedHeight,
    codedWidth,
    codedHeight,
    codec: video.codec_name ?? "unknown",
    frameCountEstimate: Number.isFinite(nbFrames) && nbFrames > 0 ? nbFrames : Math.round(durationS * rate) || 0,
    startTimeMs: Number.isFinite(startS) ? startS * 1000 : 0,
    rotation,
    hasVideo: true,
    streamIndex: video.index,
    hasBFrames: (video.has_b_frames ?? 0) > 0,
    timeBase: [tbNum || 1, tbDen || 90000],
    formatName,
  };
}

function readRotation(s: z.infer<typeof streamSchema>): number {
  // Display matrix rotation is counter-clockwise; the legacy `rotate` tag is clockwise.
  const matrix = s.side_data_list?.find((d) => typeof d.rotation === "number")?.rotation;
  const clockwise = matrix !== undefined ? -matrix : Number(s.tags?.rotate ?? 0);
  const r = ((Math.round(clockwise / 90) * 90) % 360 + 360) % 360;
  return Number.isFinite(r) ? r : 0;
}
