// Bytes of an RTSP-over-TCP session for the RTCP tap tests: text replies, interleaved frames, RTP and RTCP packets.

/** RTSP text with CRLF line ends, as a server sends it. */
export const text = (s: string): Buffer => Buffer.from(s.replace(/\n/g, "\r\n"), "latin1");

/** One interleaved frame: `$`, channel, length, payload. */
export const frame = (channel: number, payload: Buffer): Buffer => Buffer.concat([Buffer.from([0x24, channel, payload.length >> 8, payload.length & 255]), payload]);

/** An RTP header (payload type 96) with this timestamp. */
export const rtp = (ts: number): Buffer => {
  const b = Buffer.alloc(20);
  b[0] = 0x80;
  b[1] = 96;
  b.writeUInt32BE(ts, 4);
  return b;
};

/** An RTCP sender report: NTP seconds + fraction ↔ RTP timestamp. */
export const sr = (ntpSec: number, frac: number, ts: number): Buffer => {
  const b = Buffer.alloc(28);
  b[0] = 0x80;
  b[1] = 200;
  b.writeUInt16BE(6, 2);
  b.writeUInt32BE(ntpSec, 8);
  b.writeUInt32BE(frac, 12);
  b.writeUInt32BE(ts, 16);
  return b;
};

export const sdes = Buffer.from([0x81, 202, 0, 1, 0, 0, 0, 1]);
export const bye = Buffer.from([0x81, 203, 0, 1, 0, 0, 0, 1]);
