import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ffmpegArgs, planAudio } from "@/lib/recordings/ffmpeg-args";
import { readFmp4, shiftMoof, type FragmentInfo, type TrackInfo } from "@/lib/recordings/fmp4";
import { RtcpTap } from "@/lib/recordings/rtcp-tap";
import { run } from "@/lib/media/ffmpeg";
import { fixture, readTruth } from "@/tests/fixtures/derived";
import { text, frame, rtp, sr, sdes, bye } from "../helpers/rtsp-wire";

async function* once(b: Buffer): AsyncGenerator<Buffer> {
  yield b;
}

/** Every packet's pts of one stream type, in file order (ffprobe on a temp copy). */
async function pts(file: Buffer, stream: "v" | "a"): Promise<number[]> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "fc-fmp4-"));
  try {
    await fsp.writeFile(path.join(dir, "f.mp4"), file);
    const { stdout } = await run("ffprobe", ["-v", "error", "-select_streams", stream, "-show_entries", "packet=pts", "-of", "csv=p=0", path.join(dir, "f.mp4")]);
    return stdout.toString("utf8").trim().split("\n").map(Number);
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

describe("fMP4 with video and audio (per-track clocks)", () => {
  it("reads each track's clock and each fragment's samples per track; shiftMoof moves each track by its own ticks", async () => {
    const truth = readTruth("vfr-barcode.mp4");
    const args = ["-v", "error", "-i", fixture("vfr-barcode.mp4"), "-f", "lavfi", "-i", "sine=d=9.2:sample_rate=48000", "-map", "0:v", "-map", "1:a", "-c:v", "copy", "-c:a", "aac"];
    const { stdout: file } = await run("ffmpeg", [...args, "-f", "mp4", "-movflags", "+frag_keyframe+empty_moov+default_base_moof", "pipe:1"]);
    let tracks: TrackInfo[] = [];
    const frags: FragmentInfo[][] = [];
    const out: Buffer[] = [];
    for await (const ev of readFmp4(once(file))) {
      if (ev.kind === "init") {
        tracks = ev.tracks;
        expect(ev.timescale).toBe(90000);
        out.push(ev.data);
      } else if (ev.kind === "fragment") {
        expect(ev.info).toEqual(ev.tracks.find((t) => t.trackId === 1));
        frags.push(ev.tracks);
        shiftMoof(ev.moof, new Map([[1, 900_000], [2, 480_000]])); // 10 s in each track's own ticks
        out.push(ev.moof);
      } else if (ev.kind === "data") out.push(ev.data);
    }
    expect(tracks.map(({ id, handler, timescale, format }) => ({ id, handler, timescale, format }))).toEqual([
      { id: 1, handler: "vide", timescale: 90000, format: "avc1" },
      { id: 2, handler: "soun", timescale: 48000, format: "mp4a" },
    ]);
    const video = frags.map((f) => f.find((t) => t.trackId === 1) as FragmentInfo);
    const audio = frags.map((f) => f.find((t) => t.trackId === 2) as FragmentInfo);
    expect(video.reduce((n, f) => n + f.frames, 0)).toBe(truth.frames.length);
    // Audio fragments tile its own time line (48 kHz ticks) and follow the video's cuts.
    for (let i = 1; i < audio.length; i++) expect(audio[i]?.baseDts).toBe(audio[i - 1]?.endPts);
    const before = { v: await pts(file, "v"), a: await pts(file, "a") };
    const after = { v: await pts(Buffer.concat(out), "v"), a: await pts(Buffer.concat(out), "a") };
    expect(before.a.length).toBe(audio.reduce((n, f) => n + f.frames, 0));
    expect(after.v).toEqual(before.v.map((p) => p + 900_000));
    expect(after.a).toEqual(before.a.map((p) => p + 480_000));
  });
});

describe("audio plan and ffmpeg arguments", () => {
  it("copies what MP4 holds, transcodes the rest (G.711, G.722, L16) to AAC; no audio: the video-only command as before", () => {
    expect(planAudio([{ codec_type: "video", codec_name: "h264" }])).toBeUndefined();
    expect(planAudio([{ codec_type: "video", codec_name: "h264" }, { codec_type: "audio", codec_name: "aac", sample_rate: "48000", channels: 2 }])).toEqual({
      source: "aac", codec: "aac", transcoded: false, sampleRate: 48000, channels: 2,
    });
    expect(planAudio([{ codec_type: "audio", codec_name: "opus", sample_rate: "48000" }])?.transcoded).toBe(false);
    for (const c of ["pcm_mulaw", "pcm_alaw", "adpcm_g722", "pcm_s16be"]) expect(planAudio([{ codec_type: "audio", codec_name: c, sample_rate: 8000, channels: 1 }])).toMatchObject({ source: c, codec: "aac", transcoded: true });

    const plain = ffmpegArgs("rtsp://cam/x", "tcp", 5000);
    expect(plain.join(" ")).toContain("-map 0:v:0 -c copy -copyts");
    expect(plain.join(" ")).not.toContain("0:a");
    const copy = ffmpegArgs("rtsp://cam/x", "tcp", 5000, undefined, planAudio([{ codec_type: "audio", codec_name: "aac", sample_rate: 48000, channels: 2 }]));
    expect(copy.join(" ")).toContain("-map 0:v:0 -c:v copy -map 0:a:0 -c:a copy -bsf:a noise=drop=lt(pts\\,0)");
    const g711 = ffmpegArgs("rtsp://cam/x", "tcp", 5000, undefined, planAudio([{ codec_type: "audio", codec_name: "pcm_mulaw", sample_rate: 8000, channels: 1 }]));
    expect(g711.join(" ")).toContain("-c:v copy -map 0:a:0 -c:a aac -b:a 32000");
  });
});

describe("RtcpTap with video and audio", () => {
  const session = (sdp: string, setups: number) => [
    text(`RTSP/1.0 200 OK\nCSeq: 2\nContent-Type: application/sdp\nContent-Length: ${Buffer.byteLength(sdp.replace(/\n/g, "\r\n"))}\n\n`),
    text(sdp),
    ...Array.from({ length: setups }, (_, i) => text(`RTSP/1.0 200 OK\nCSeq: ${3 + i}\nTransport: RTP/AVP/TCP;unicast;interleaved=${2 * i}-${2 * i + 1}\n\n`)),
  ];

  it("keeps sender reports from ffmpeg when there are two streams (all else passes unchanged) and reads the A/V skew", () => {
    const sdp = "v=0\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\na=control:stream=0\nm=audio 0 RTP/AVP 0\na=rtpmap:0 PCMU/8000\na=control:stream=1\n";
    const play = text("RTSP/1.0 200 OK\nCSeq: 5\nRTP-Info: url=rtsp://cam/x/stream=0;seq=1;rtptime=1000, url=rtsp://cam/x/stream=1;seq=9;rtptime=500\n\n");
    const wire = [...session(sdp, 2), play, frame(0, rtp(1000)), frame(2, rtp(520)), frame(1, Buffer.concat([sr(3900000000, 0, 91000), sdes])), frame(3, sr(3900000000, 0, 8540)), frame(3, Buffer.concat([sdes, bye]))];
    const tap = new RtcpTap();
    const passed = Buffer.concat(wire.map((w) => Buffer.concat(Array.from({ length: Math.ceil(w.length / 3) }, (_, i) => tap.feed(w.subarray(3 * i, 3 * i + 3))))));
    // What ffmpeg got: everything but the two SRs (the video's compound keeps its SDES, the audio's SR-only frame is gone).
    expect(passed).toEqual(Buffer.concat([...wire.slice(0, 7), frame(1, sdes), frame(3, Buffer.concat([sdes, bye]))]));
    expect(tap.streams.map((s) => [s.kind, s.clockRate, s.channel, s.rtpInfoTs])).toEqual([["video", 90000, 0, 1000], ["audio", 8000, 2, 500]]);
    // Video pts 0 (RTP 1000) is 1 s before its SR's NTP time; audio pts 0 (RTP 500) is 1.005 s before its own.
    expect(tap.wallclockAt(0)).toBeCloseTo((3900000000 - 2208988800) * 1000 - 1000, 6);
    expect(tap.audioSkewMs()).toBeCloseTo(-5, 6);
  });

  it("passes every byte on unchanged when the session has one stream", () => {
    const tap = new RtcpTap();
    const wire = Buffer.concat([...session("v=0\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\n", 1), frame(0, rtp(7)), frame(1, Buffer.concat([sr(3900000000, 0, 7), sdes]))]);
    expect(tap.feed(wire)).toEqual(wire);
    expect(tap.report?.rtpTs).toBe(7);
    expect(tap.audioSkewMs()).toBeUndefined();
  });
});
