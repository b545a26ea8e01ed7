// Scaled raw frames with their exact pts from one ffmpeg output: the pixels come on a pipe as rgb24,
// each frame's pts and size as a `showinfo` line on stderr. Used by live detection (lib/live) and by
// the recorder's second output (lib/recordings), so both sample a stream the same way.

/** The filter chain: the first frame of every 1/fps slot of the stream's own clock, scaled, then showinfo. */
export function sampledRawFilter(fps: number, width: number): string {
  const select = `select='isnan(prev_selected_t)+gt(floor(t*${fps})\\,floor(prev_selected_t*${fps}))'`;
  return `${select},scale='min(${width}\\,iw)':-2,showinfo`;
}

/** Output options for that raw stream to `target` (e.g. pipe:1 or pipe:3); nothing is encoded. */
export function sampledRawOutput(fps: number, width: number, target: string): string[] {
  return ["-vf", sampledRawFilter(fps, width), "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", target];
}

export interface RawFrameInfo {
  /** pts in the stream's time base (1/90000 for RTP video). */
  ticks: number;
  width: number;
  height: number;
}

const SHOWINFO = /\bn:\s*\d+\s+pts:\s*(-?\d+)\s+pts_time:\S+.*?\bs:(\d+)x(\d+)/;

/** Pairs pixels and showinfo lines in order, whichever pipe delivers first. */
export class RawFramePairer {
  private readonly infos: RawFrameInfo[] = [];
  private readonly chunks: Buffer[] = [];
  private buffered = 0;
  private lineBuf = "";

  constructor(private readonly onFrame: (info: RawFrameInfo, data: Buffer) => void) {}

  /** Bytes from the raw pipe. */
  data(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    this.pair();
  }

  /** Text from stderr; returns the lines that were not showinfo's (ffmpeg's own messages). */
  text(s: string): string[] {
    this.lineBuf += s;
    const lines = this.lineBuf.split(/\r?\n|\r/);
    this.lineBuf = lines.pop() ?? "";
    const other: string[] = [];
    for (const line of lines) {
      const m = SHOWINFO.exec(line);
      if (m) this.infos.push({ ticks: Number(m[1]), width: Number(m[2]), height: Number(m[3]) });
      else if (line.trim()) other.push(line);
    }
    this.pair();
    return other;
  }

  private pair(): void {
    for (;;) {
      const info = this.infos[0];
      if (!info) return;
      const size = info.width * info.height * 3;
      if (this.buffered < size) return;
      const all = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
      const data = Buffer.from(all.subarray(0, size)); // owned by the consumer
      const rest = all.subarray(size);
      this.chunks.length = 0;
      if (rest.length) this.chunks.push(rest);
      this.buffered = rest.length;
      this.infos.shift();
      this.onFrame(info, data);
    }
  }
}
