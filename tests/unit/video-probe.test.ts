import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotAVideoError } from "@/lib/media/errors";
import { probeVideo } from "@/lib/media/probe";
import { decodeFrames } from "@/lib/media/frames";
import { fixture, makeDerived, removeDerived, type Derived } from "@/tests/fixtures/derived";

describe("probeVideo", () => {
  let d: Derived;
  beforeAll(async () => {
    d = await makeDerived();
  });
  afterAll(() => removeDerived(d));

  it("reads size, codec, duration, frame count and time base", async () => {
    const p = await probeVideo(fixture("vfr-barcode.mp4"));
    expect(p).toMatchObject({ width: 320, height: 240, codec: "h264", frameCountEstimate: 226, rotation: 0, hasVideo: true, streamIndex: 0, timeBase: [1, 90000], startTimeMs: 0 });
    expect(p.durationMs).toBeCloseTo(9186.6, 0);
    const pd = await probeVideo(fixture("product_demo.mp4"));
    expect(pd).toMatchObject({ width: 640, height: 360, frameCountEstimate: 162 });
  });

  it("reports the start time of a stream that does not start at 0", async () => {
    const p = await probeVideo(d.ts);
    expect(p.startTimeMs).toBeGreaterThan(1000);
    expect(p.formatName).toBe("mpegts");
    expect(p.frameCountEstimate).toBeGreaterThan(200);
  });

  it("applies rotation to the displayed size, as the decoder does", async () => {
    const p = await probeVideo(fixture("dog_phone_vfr_rot90.mp4"));
    expect([90, 270]).toContain(p.rotation);
    expect({ w: p.width, h: p.height, cw: p.codedWidth, ch: p.codedHeight }).toEqual({ w: 360, h: 640, cw: 640, ch: 360 });
    for await (const f of decodeFrames(fixture("dog_phone_vfr_rot90.mp4"), { endMs: 1 })) {
      expect([f.width, f.height, f.data.length]).toEqual([360, 640, 360 * 640 * 3]);
    }
  });

  const bad: [string, (d: Derived) => string, RegExp][] = [
    ["random bytes", (x) => x.random, /unreadable or corrupt/],
    ["an empty file", (x) => x.empty, /empty file/],
    ["a text file", (x) => x.text, /unreadable|text/],
    ["an MP4 cut before its index (moov at the end)", (x) => x.truncatedNoMoov, /unreadable or corrupt/],
    ["audio only", (x) => x.audioOnly, /no video stream/],
    ["a still image", (x) => x.still, /still image/],
    ["a missing file", (x) => `${x.dir}/nope.mp4`, /not found/],
    ["a directory", (x) => x.dir, /not a regular file/],
  ];
  for (const [what, file, message] of bad) {
    it(`throws NotAVideoError for ${what}`, async () => {
      const e = await probeVideo(file(d)).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(NotAVideoError);
      expect((e as NotAVideoError).message).toMatch(message);
      expect((e as NotAVideoError).code).toBe("not_a_video");
    });
  }

  it("accepts a truncated MP4 whose index survived (its timeline holds the surviving frames)", async () => {
    const p = await probeVideo(d.truncated);
    expect(p.frameCountEstimate).toBe(226);
  });
});
