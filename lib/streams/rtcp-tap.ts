import net from "node:net";

// A byte-exact TCP relay between ffmpeg and the RTSP server that reads, without changing anything,
// the RTP/RTCP interleaved on the connection: the video's first RTP timestamp and the RTCP sender
// reports (NTP wall clock ↔ RTP timestamp). ffmpeg 5.1's demuxer computes start_time_realtime from
// the same reports but its command line offers no way to print it (docs/recording.md).

export interface SenderReport {
  /** Sender's wall clock (NTP, as Unix ms) at the moment the RTP clock read `rtpTs`. */
  ntpMs: number;
  rtpTs: number;
}

const NTP_UNIX_OFFSET_S = 2208988800;

export class RtcpTap {
  /** RTP clock rate of the video (from the SDP), 90 kHz when not given. */
  clockRate = 90000;
  firstRtpTs: number | undefined;
  report: SenderReport | undefined;
  private videoMedia = -1;
  private setups = 0;
  private videoChannel = -1;
  private buf: Buffer = Buffer.alloc(0);
  onReport?: () => void;

  /** Wall-clock time (Unix ms) of RTP timestamp `firstRtpTs + ticks`, once a sender report came. */
  wallclockAt(ticks: number): number | undefined {
    if (!this.report || this.firstRtpTs === undefined) return undefined;
    const delta = (this.firstRtpTs - this.report.rtpTs) | 0; // 32-bit wrap-safe difference
    return this.report.ntpMs + ((delta + ticks) * 1000) / this.clockRate;
  }

  /** Feeds server→client bytes of the RTSP connection. */
  feed(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    for (;;) {
      if (this.buf.length === 0) return;
      if (this.buf[0] === 0x24) {
        if (this.buf.length < 4) return;
        const channel = this.buf[1] as number;
        const len = this.buf.readUInt16BE(2);
        if (this.buf.length < 4 + len) return;
        this.packet(channel, this.buf.subarray(4, 4 + len));
        this.buf = this.buf.subarray(4 + len);
        continue;
      }
      const end = this.buf.indexOf("\r\n\r\n");
      if (end < 0) {
        if (this.buf.length > 64 * 1024) this.buf = Buffer.alloc(0); // not RTSP: stop looking
        return;
      }
      const head = this.buf.toString("latin1", 0, end);
      const clen = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (this.buf.length < end + 4 + clen) return;
      this.message(head, this.buf.toString("utf8", end + 4, end + 4 + clen));
      this.buf = this.buf.subarray(end + 4 + clen);
    }
  }

  private message(head: string, body: string): void {
    if (body.includes("m=") && this.videoMedia < 0) {
      // SDP: which media section is the video, and its RTP clock rate.
      const sections = body.split(/\r?\n(?=m=)/).slice(1);
      const i = sections.findIndex((s) => s.startsWith("m=video"));
      if (i >= 0) {
        this.videoMedia = i;
        const rate = /a=rtpmap:\d+ [^/\s]+\/(\d+)/.exec(sections[i] ?? "")?.[1];
        if (rate) this.clockRate = Number(rate);
      }
    }
    const interleaved = /\r\ntransport:[^\r]*interleaved=(\d+)/i.exec(head);
    if (interleaved) {
      // ffmpeg sets up the SDP's media in order: the n-th SETUP reply is the n-th media section.
      if (this.setups === Math.max(0, this.videoMedia)) this.videoChannel = Number(interleaved[1]);
      this.setups++;
    }
  }

  private packet(channel: number, p: Buffer): void {
    if (channel === this.videoChannel && p.length >= 12) {
      this.firstRtpTs ??= p.readUInt32BE(4);
    } else if (channel === this.videoChannel + 1) {
      for (let o = 0; o + 4 <= p.length; ) {
        const pt = p[o + 1];
        const len = (p.readUInt16BE(o + 2) + 1) * 4;
        if (pt === 200 && o + 20 <= p.length) {
          const sec = p.readUInt32BE(o + 8);
          const frac = p.readUInt32BE(o + 12);
          this.report = { ntpMs: (sec - NTP_UNIX_OFFSET_S) * 1000 + (frac / 2 ** 32) * 1000, rtpTs: p.readUInt32BE(o + 16) };
          this.onReport?.();
        }
        o += len;
      }
    }
  }
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
      tap.feed(d);
      if (!client.write(d)) {
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
