import net from "node:net";
import type { RunEntry } from "./recording-index";

// A TCP relay between ffmpeg and the RTSP server that reads the RTP/RTCP interleaved on the
// connection: each stream's first RTP timestamp and RTCP sender reports (NTP wall clock ↔ RTP
// timestamp). ffmpeg 5.1's demuxer computes start_time_realtime from the same reports but its command
// line offers no way to print it (docs/recording.md). It passes every byte on unchanged, but for one
// thing: with more than one stream (video + audio) the sender reports are kept from ffmpeg, which
// would otherwise re-time the video from them.

export interface SenderReport {
  /** Sender's wall clock (NTP, as Unix ms) at the moment the RTP clock read `rtpTs`. */
  ntpMs: number;
  rtpTs: number;
}

/** One media stream of the session, in SDP order. */
export interface TapStream {
  kind: string;
  /** RTP clock rate from the SDP's rtpmap (90 kHz for video when not given). */
  clockRate: number;
  /** The media's a=control, to match RTP-Info entries. */
  control: string;
  /** Interleaved channel of its RTP (RTCP is the next one), once SETUP answered. */
  channel: number;
  firstRtpTs?: number;
  /** RTP-Info rtptime from the PLAY reply: ffmpeg's pts origin for the stream when present. */
  rtpInfoTs?: number;
  report?: SenderReport;
}

const NTP_UNIX_OFFSET_S = 2208988800;

export class RtcpTap {
  readonly streams: TapStream[] = [];
  private setups = 0;
  private buf: Buffer = Buffer.alloc(0);
  private opaque = false;
  onReport?: () => void;

  private get video(): TapStream | undefined {
    return this.streams.find((s) => s.kind === "video");
  }
  /** RTP clock rate of the video (from the SDP), 90 kHz when not given. */
  get clockRate(): number {
    return this.video?.clockRate ?? 90000;
  }
  get firstRtpTs(): number | undefined {
    return this.video?.firstRtpTs;
  }
  /** The video's latest sender report. */
  get report(): SenderReport | undefined {
    return this.video?.report;
  }

  /** Wall-clock time (Unix ms) of RTP timestamp `firstRtpTs + ticks`, once a sender report came. */
  wallclockAt(ticks: number): number | undefined {
    const v = this.video;
    return v ? streamWallclock(v, v.firstRtpTs, ticks) : undefined;
  }

  /**
   * Where the audio's pts 0 lies against the video's pts 0 by the sender's clock (ms; > 0: the audio's
   * first sample was captured later), from both streams' sender reports and ffmpeg's pts origins
   * (RTP-Info rtptime, else the first RTP timestamp). Undefined until both reports came.
   */
  audioSkewMs(): number | undefined {
    const a = this.streams.find((s) => s.kind === "audio");
    const v = this.video;
    if (!a || !v) return undefined;
    const wa = streamWallclock(a, a.rtpInfoTs ?? a.firstRtpTs, 0);
    const wv = streamWallclock(v, v.rtpInfoTs ?? v.firstRtpTs, 0);
    return wa === undefined || wv === undefined ? undefined : wa - wv;
  }

  /**
   * Feeds server→client bytes of the RTSP connection; returns the bytes to pass on to ffmpeg: all of
   * them, except RTCP sender reports when the session has more than one stream. (With several
   * streams ffmpeg re-times every stream, video included, from the sender reports once they come —
   * docs/recording.md, "Audio"; without them each stream keeps pts = RTP timestamp − its origin.)
   */
  feed(chunk: Buffer): Buffer {
    if (this.opaque) return chunk;
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: Buffer[] = [];
    for (;;) {
      if (this.buf.length === 0) break;
      if (this.buf[0] === 0x24) {
        if (this.buf.length < 4) break;
        const channel = this.buf[1] as number;
        const len = this.buf.readUInt16BE(2);
        if (this.buf.length < 4 + len) break;
        out.push(this.packet(channel, this.buf.subarray(0, 4 + len)));
        this.buf = this.buf.subarray(4 + len);
        continue;
      }
      const end = this.buf.indexOf("\r\n\r\n");
      if (end < 0) {
        if (this.buf.length > 64 * 1024) {
          // Not RTSP as we know it: stop looking and pass everything on unchanged.
          this.opaque = true;
          out.push(this.buf);
          this.buf = Buffer.alloc(0);
        }
        break;
      }
      const head = this.buf.toString("latin1", 0, end);
      const clen = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (this.buf.length < end + 4 + clen) break;
      this.message(head, this.buf.toString("utf8", end + 4, end + 4 + clen));
      out.push(this.buf.subarray(0, end + 4 + clen));
      this.buf = this.buf.subarray(end + 4 + clen);
    }
    return out.length === 1 ? (out[0] as Buffer) : Buffer.concat(out);
  }

  private message(head: string, body: string): void {
    if (body.includes("m=") && this.streams.length === 0) {
      // SDP: the media sections in order, each one's clock rate and control URL.
      for (const section of body.split(/\r?\n(?=m=)/).slice(1)) {
        const kind = /^m=(\w+)/.exec(section)?.[1] ?? "";
        const rate = /a=rtpmap:\d+ [^/\s]+\/(\d+)/.exec(section)?.[1];
        const control = /a=control:\s*(\S+)/.exec(section)?.[1] ?? "";
        this.streams.push({ kind, clockRate: rate ? Number(rate) : 90000, control, channel: -1 });
      }
    }
    const interleaved = /\r\ntransport:[^\r]*interleaved=(\d+)/i.exec(head);
    if (interleaved) {
      // ffmpeg sets up the SDP's media in order: the n-th SETUP reply is the n-th media section.
      const st = this.streams[this.setups++];
      if (st) st.channel = Number(interleaved[1]);
    }
    const rtpInfo = /\r\nrtp-info:\s*([^\r]*)/i.exec(head)?.[1];
    if (rtpInfo) {
      for (const entry of rtpInfo.split(/,(?=\s*url=)/)) {
        const url = /url=([^;]*)/.exec(entry)?.[1]?.trim() ?? "";
        const rtptime = /rtptime=(\d+)/.exec(entry)?.[1];
        // As ffmpeg: an entry sets the stream whose control URL it names; rtptime 0 is ignored.
        const st = this.streams.find((s) => s.control && (url === s.control || url.endsWith(`/${s.control}`)));
        if (st && rtptime && Number(rtptime) !== 0) st.rtpInfoTs = Number(rtptime);
      }
    }
  }

  /** One interleaved frame (`$`, channel, length, payload): read, and returned as it is to be passed on. */
  private packet(channel: number, frame: Buffer): Buffer {
    const p = frame.subarray(4);
    const rtp = this.streams.find((s) => s.channel === channel);
    if (rtp && p.length >= 12) rtp.firstRtpTs ??= p.readUInt32BE(4);
    const st = this.streams.find((s) => s.channel >= 0 && s.channel + 1 === channel);
    if (!st) return frame;
    const kept: Buffer[] = [];
    for (let o = 0; o + 4 <= p.length; ) {
      const pt = p[o + 1];
      const len = Math.min((p.readUInt16BE(o + 2) + 1) * 4, p.length - o);
      if (pt === 200 && o + 20 <= p.length) {
        const sec = p.readUInt32BE(o + 8);
        const frac = p.readUInt32BE(o + 12);
        st.report = { ntpMs: (sec - NTP_UNIX_OFFSET_S) * 1000 + (frac / 2 ** 32) * 1000, rtpTs: p.readUInt32BE(o + 16) };
        this.onReport?.();
      }
      if (pt !== 200 || this.streams.length < 2) kept.push(p.subarray(o, o + len));
      o += len;
    }
    if (this.streams.length < 2) return frame;
    const body = Buffer.concat(kept);
    if (body.length === 0) return Buffer.alloc(0);
    return Buffer.concat([Buffer.from([0x24, channel, body.length >> 8, body.length & 255]), body]);
  }
}

/**
 * Writes what the sender reports so far tell about a run: its first frame's wall clock (the video's
 * report) and, once both streams sent one, where the audio lies against the video. True when the run changed.
 */
export function applyRtcp(run: RunEntry, tap: RtcpTap, firstPts: number): boolean {
  let changed = false;
  const skew = run.audio && run.audio.rtcpSkewMs === null ? tap.audioSkewMs() : undefined;
  if (run.audio && skew !== undefined) {
    // `+ 0` turns a rounded −0 into 0: the index is JSON, which has no −0, and must read back equal.
    run.audio.rtcpSkewMs = Math.round(skew * 1000) / 1000 + 0;
    changed = true;
  }
  const ms = run.wallclockSource === "rtcp" || !tap.report ? undefined : tap.wallclockAt(firstPts);
  if (ms !== undefined && tap.report) {
    run.firstFrameAt = new Date(ms).toISOString();
    run.wallclockSource = "rtcp";
    run.rtcp = { ...tap.report, firstRtpTs: tap.firstRtpTs ?? 0, clockRate: tap.clockRate };
    changed = true;
  }
  return changed;
}

/** Wall clock (Unix ms) of RTP timestamp `origin + ticks` of a stream, once it has a sender report. */
function streamWallclock(s: TapStream, origin: number | undefined, ticks: number): number | undefined {
  if (!s.report || origin === undefined) return undefined;
  const delta = (origin - s.report.rtpTs) | 0; // 32-bit wrap-safe difference
  return s.report.ntpMs + ((delta + ticks) * 1000) / s.clockRate;
}

/** Listens on 127.0.0.1 and relays each connection to the RTSP URL's host; returns the URL to use. */
export async function startRtcpTap(source: string, tap: RtcpTap): Promise<{ url: string; close(): Promise<void> }> {
  const u = new URL(source);
  const host = u.hostname;
  const port = Number(u.port || 554);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ host, port });
    sockets.add(client).add(upstream);
    client.pipe(upstream);
    upstream.on("data", (d: Buffer) => {
      const pass = tap.feed(d);
      if (pass.length && !client.write(pass)) {
        upstream.pause();
        client.once("drain", () => upstream.resume());
      }
    });
    const done = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    upstream.on("end", () => client.end());
    upstream.on("error", done).on("close", done);
    client.on("error", done).on("close", done);
  });
  await new Promise<void>((r, j) => server.once("error", j).listen(0, "127.0.0.1", () => r()));
  const addr = server.address() as net.AddressInfo;
  const proxied = new URL(source);
  proxied.hostname = "127.0.0.1";
  proxied.port = String(addr.port);
  return {
    url: proxied.toString(),
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
