import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readFmp4, type FragmentInfo } from "@/lib/recordings/fmp4";
import { RtcpTap } from "@/lib/recordings/rtcp-tap";
import { run } from "@/lib/media/ffmpeg";
import { fixture, readTruth } from "@/tests/fixtures/derived";
import { text, frame, rtp, sr } from "../helpers/rtsp-wire";

async function* chunks(b: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let o = 0; o < b.length; o += size) yield b.subarray(o, o + size);
}

describe("readFmp4 (streaming fMP4 reader)", () => {
  it("splits ffmpeg's fragmented MP4 into init, fragments with exact pts ranges and mdat bytes, whatever the chunking", async () => {
    const truth = readTruth("vfr-barcode.mp4");
    const { stdout: file } = await run("ffmpeg", ["-v", "error", "-i", fixture("vfr-barcode.mp4"), "-c", "copy", "-f", "mp4", "-movflags", "+frag_keyframe+empty_moov+default_base_moof", "pipe:1"]);
    for (const size of [7, 1000, 1 << 20]) {
      const frags: FragmentInfo[] = [];
      let bytes = 0;
      let other = 0;
      for await (const ev of readFmp4(chunks(file, size))) {
        if (ev.kind === "init") {
          expect(ev.timescale).toBe(90000);
          bytes += ev.data.length;
        } else if (ev.kind === "fragment") {
          frags.push(ev.info);
          bytes += ev.moof.length;
        } else if (ev.kind === "data") bytes += ev.data.length;
        else other += ev.data.length;
      }
      expect(bytes + other).toBe(file.length);
      expect(frags.reduce((n, f) => n + f.frames, 0)).toBe(truth.frames.length);
      // Each fragment's pts range is exactly the truth frames it holds (GOPs are contiguous in pts),
      // all shifted by the one constant the muxer adds to keep B-frame dts non-negative (2 frames).
      const shift = (frags[0]?.minPts ?? NaN) - (truth.frames[0]?.pts ?? NaN);
      expect(shift).toBe(6006);
      let i = 0;
      for (const f of frags) {
        const mine = truth.frames.slice(i, i + f.frames);
        expect(f.minPts - shift).toBe(mine[0]?.pts);
        expect(f.maxPts - shift).toBe(mine[mine.length - 1]?.pts);
        i += f.frames;
      }
    }
  });

  it("refuses a stream cut inside a box", async () => {
    const { stdout: file } = await run("ffmpeg", ["-v", "error", "-i", fixture("vfr-barcode.mp4"), "-c", "copy", "-f", "mp4", "-movflags", "+frag_keyframe+empty_moov", "pipe:1"]);
    const it = readFmp4(Readable.from([file.subarray(0, file.length - 100)]) as AsyncIterable<Buffer>);
    await expect((async () => {
      for await (const _ of it) void _;
    })()).rejects.toThrow(/ended inside a box/);
  });
});

describe("RtcpTap (RTCP sender reports read off an interleaved RTSP connection)", () => {

  it("maps the video's first RTP timestamp to the sender's wall clock (audio first in the SDP, 32-bit wrap)", () => {
    const sdp = "v=0\nm=audio 0 RTP/AVP 97\na=rtpmap:97 MPEG4-GENERIC/48000/2\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\n";
    const tap = new RtcpTap();
    const wire = Buffer.concat([
      text(`RTSP/1.0 200 OK\nCSeq: 2\nContent-Type: application/sdp\nContent-Length: ${Buffer.byteLength(sdp.replace(/\n/g, "\r\n"))}\n\n`),
      text(sdp),
      text("RTSP/1.0 200 OK\nCSeq: 3\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\n\n"),
      text("RTSP/1.0 200 OK\nCSeq: 4\nTransport: RTP/AVP/TCP;unicast;interleaved=2-3\n\n"),
      text("RTSP/1.0 200 OK\nCSeq: 5\nRTP-Info: url=x;seq=1;rtptime=4294967000\n\n"),
      frame(0, rtp(1)), // audio: ignored
      frame(2, rtp(4294967000)),
      frame(2, rtp(4294967000 + 3003 - 4294967296)),
      frame(1, sr(3900000000, 0, 5)), // audio's report: ignored
      frame(3, sr(3900000000, 2 ** 31, 4294967000 + 90000 - 4294967296)), // 1 s after the first frame, wrapped
    ]);
    // Fed in awkward pieces, as TCP delivers it.
    for (let o = 0; o < wire.length; o += 5) tap.feed(wire.subarray(o, o + 5));
    expect(tap.clockRate).toBe(90000);
    expect(tap.firstRtpTs).toBe(4294967000);
    const srMs = (3900000000 - 2208988800) * 1000 + 500;
    expect(tap.wallclockAt(0)).toBeCloseTo(srMs - 1000, 6);
    expect(tap.wallclockAt(3003)).toBeCloseTo(srMs - 1000 + 33.3667, 3);
  });
});
