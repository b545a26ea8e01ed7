import { binaryInfo, candidates } from "@/lib/video/ffmpeg";

/**
 * The first ffmpeg ≥ 5 among the candidates: 4.x (e.g. @ffmpeg-installer's static build) reads the
 * RTSP `-timeout` as a listen timeout ("Address already in use") and may lack the setts filter.
 */
export async function recordingFfmpeg(): Promise<string> {
  const list = candidates("ffmpeg");
  for (const c of list) {
    const info = await binaryInfo(c).catch(() => undefined);
    if (info && info.libavutil[0] >= 57) return c.path;
  }
  throw new Error("recording needs ffmpeg 5 or newer (set FFMPEG_PATH or install the system ffmpeg)");
}

/** ffmpeg's last meaningful stderr line (its error), without the source's password. */
export function lastLine(stderr: string): string {
  const lines = stderr.split("\n").map((l) => l.trim()).filter(Boolean);
  return (lines[lines.length - 1] ?? "").replace(/(\/\/[^:/@\s]+:)[^@\s]+@/g, "$1***@");
}

/**
 * Stream copy into fragmented MP4 on stdout. -copyts keeps the RTP-derived pts as they are; setts
 * repairs what RTP loses with B-frames: the first packet (keyframe) comes without pts and the first
 * reorder-depth packets without dts (see docs/recording.md, "B-frames over RTP").
 */
export function ffmpegArgs(source: string, transport: "tcp" | "udp", ioTimeoutMs: number, seconds?: number): string[] {
  return [
    "-hide_banner", "-nostdin", "-loglevel", "warning",
    "-rtsp_transport", transport,
    "-timeout", String(ioTimeoutMs * 1000),
    "-i", source,
    "-map", "0:v:0",
    "-c", "copy",
    "-copyts",
    "-bsf:v", "setts=pts=if(eq(PTS\\,NOPTS)\\,0\\,PTS):dts=if(lt(N\\,16)\\,N\\,DTS)",
    ...(seconds !== undefined ? ["-t", seconds.toFixed(3)] : []),
    "-f", "mp4",
    "-movflags", "+frag_keyframe+empty_moov+default_base_moof",
    "pipe:1",
  ];
}
