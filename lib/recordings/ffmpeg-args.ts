import { FfmpegError } from "@/lib/media/errors";
import { binaryInfo, candidates, runBinary, type Tool } from "@/lib/media/ffmpeg";
import { sampledRawOutput } from "@/lib/media/raw-pairs";

/** The recorder's optional second output: the stream sampled at `fps`, scaled to `width`, raw RGB24. */
export interface LiveOutput {
  fps: number;
  width: number;
}

/**
 * The first ffmpeg (or ffprobe) ≥ 5 among the candidates: 4.x (e.g. @ffmpeg-installer's static build)
 * reads the RTSP `-timeout` as a listen timeout ("Address already in use") and may lack the setts filter.
 */
export async function recordingTool(tool: Tool): Promise<string> {
  for (const c of candidates(tool)) {
    const info = await binaryInfo(c).catch(() => undefined);
    if (info && info.libavutil[0] >= 57) return c.path;
  }
  throw new Error(`recording needs ${tool} 5 or newer (set ${tool === "ffmpeg" ? "FFMPEG_PATH" : "FFPROBE_PATH"} or install the system ffmpeg)`);
}

export const recordingFfmpeg = () => recordingTool("ffmpeg");

/** ffmpeg's last meaningful stderr line (its error), without the source's password. */
export function lastLine(stderr: string): string {
  const lines = stderr.split("\n").map((l) => l.trim()).filter(Boolean);
  return (lines[lines.length - 1] ?? "").replace(/(\/\/[^:/@\s]+:)[^@\s]+@/g, "$1***@");
}

/** How a run records the source's first audio stream. */
export interface AudioPlan {
  /** The codec the camera sends (ffmpeg's name: aac, opus, pcm_mulaw, …). */
  source: string;
  /** The codec in the segments: the source's (stream copy) or aac (transcoded). */
  codec: string;
  transcoded: boolean;
  sampleRate: number | null;
  channels: number | null;
}

// Audio codecs the mp4 muxer takes as they are; anything else (G.711 µ-law/A-law, G.722, G.726,
// L16, AMR …) is transcoded to AAC, the only part of a recording that is ever re-encoded.
const MP4_AUDIO = new Set(["aac", "opus", "mp3", "ac3", "eac3"]);

/** The audio plan for a source's streams as ffprobe lists them; undefined when it sends no audio. */
export function planAudio(streams: { codec_type?: string; codec_name?: string; sample_rate?: string | number; channels?: number }[]): AudioPlan | undefined {
  const a = streams.find((s) => s.codec_type === "audio");
  if (!a?.codec_name || a.codec_name === "none") return undefined;
  const copy = MP4_AUDIO.has(a.codec_name);
  const rate = Number(a.sample_rate);
  return {
    source: a.codec_name,
    codec: copy ? a.codec_name : "aac",
    transcoded: !copy,
    sampleRate: Number.isFinite(rate) && rate > 0 ? rate : null,
    channels: a.channels ?? null,
  };
}

/**
 * What the source sends, from its SDP alone (DESCRIBE/SETUP/PLAY, no media read: ~0.1 s): the audio
 * plan of the run. A source that cannot be reached fails here like ffmpeg would.
 */
export async function probeSourceAudio(source: string, transport: "tcp" | "udp", ioTimeoutMs: number): Promise<AudioPlan | undefined> {
  const args = ["-v", "error", "-rtsp_transport", transport, "-timeout", String(ioTimeoutMs * 1000), "-nofind_stream_info"];
  args.push("-show_entries", "stream=index,codec_type,codec_name,sample_rate,channels", "-of", "json", source);
  const bin = await recordingTool("ffprobe");
  const out = await runBinary(bin, args, { signal: AbortSignal.timeout(ioTimeoutMs * 3) }).catch((e: unknown) => {
    // The error's message carries the command line (the URL's password): only ffprobe's own words go on.
    if (e instanceof FfmpegError) throw new Error(lastLine(e.stderrTail) || `ffprobe exited with ${e.exitCode}`);
    throw e instanceof Error && e.name === "AbortError" ? new Error(`no answer from the source within ${(ioTimeoutMs * 3) / 1000} s`) : e;
  });
  const j = JSON.parse(out.stdout.toString("utf8")) as { streams?: Parameters<typeof planAudio>[0] };
  return planAudio(j.streams ?? []);
}

/** AAC bit rate for a transcoded track: 4 bits per sample and channel (32 kbit/s for 8 kHz mono), at most 128 kbit/s. */
const aacBitrate = (a: AudioPlan) => Math.min(128_000, 4 * (a.sampleRate ?? 8000) * (a.channels ?? 1));

/**
 * Stream copy into fragmented MP4 on stdout. -copyts keeps the RTP-derived pts as they are; setts
 * repairs what RTP loses with B-frames: the first packet (keyframe) comes without pts and the first
 * reorder-depth packets without dts (see docs/recording.md, "B-frames over RTP"). With audio, its
 * packets before pts 0 are dropped (an AAC encoder's priming packet, or audio sent before the video's
 * origin): a negative timestamp would make the muxer shift every track, the video's pts included.
 */
export function ffmpegArgs(source: string, transport: "tcp" | "udp", ioTimeoutMs: number, seconds?: number, audio?: AudioPlan, live?: LiveOutput): string[] {
  const audioArgs = audio
    ? [
        "-map", "0:a:0",
        ...(audio.transcoded ? ["-c:a", "aac", "-b:a", String(aacBitrate(audio))] : ["-c:a", "copy"]),
        "-bsf:a", "noise=drop=lt(pts\\,0)",
      ]
    : [];
  const limit = seconds !== undefined ? ["-t", seconds.toFixed(3)] : [];
  // Live detection: a second output of the same input, scaled raw frames on fd 3 (showinfo needs the info level).
  const liveArgs = live ? ["-map", "0:v:0", ...limit, ...sampledRawOutput(live.fps, live.width, "pipe:3")] : [];
  return [
    "-hide_banner", "-nostdin", ...(live ? ["-nostats", "-loglevel", "info"] : ["-loglevel", "warning"]),
    "-rtsp_transport", transport,
    "-timeout", String(ioTimeoutMs * 1000),
    "-i", source,
    "-map", "0:v:0",
    ...(audio ? ["-c:v", "copy"] : ["-c", "copy"]),
    ...audioArgs,
    "-copyts",
    "-bsf:v", "setts=pts=if(eq(PTS\\,NOPTS)\\,0\\,PTS):dts=if(lt(N\\,16)\\,N\\,DTS)",
    ...limit,
    "-f", "mp4",
    "-movflags", "+frag_keyframe+empty_moov+default_base_moof",
    "pipe:1",
    ...liveArgs,
  ];
}
