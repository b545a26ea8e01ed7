import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  decodeTimeline,
  encodeTimeline,
  frameAt,
  isVfr,
  keyframeBefore,
  makeTimeline,
  ptsMsOf,
  TimelineCache,
  type Timeline,
} from "@/lib/media/timeline";
import { getTimeline, readDecodedTimeline, readTimeline } from "@/lib/media/timeline-read";
import { NotAVideoError } from "@/lib/media/errors";
import { fixture, makeDerived, readTruth, removeDerived, type Derived } from "@/tests/fixtures/derived";

const tl = (pts: number[], timescale = 1000) => makeTimeline(timescale, Float64Array.from(pts));

function expectSame(a: Timeline, b: Timeline): void {
  expect(a.timescale).toBe(b.timescale);
  expect(a.frameCount).toBe(b.frameCount);
  expect(Array.from(a.pts)).toEqual(Array.from(b.pts));
}

describe("timeline rules", () => {
  const t = tl([100, 133, 200, 1700, 1717]); // start 100 ticks: ms count from the first frame

  it("counts ms from the first frame and picks the last frame with ptsMs ≤ ms", () => {
    expect(ptsMsOf(t, 0)).toBe(0);
    expect(ptsMsOf(t, 3)).toBe(1600);
    expect(frameAt(t, 0)).toBe(0);
    expect(frameAt(t, 32.9)).toBe(0);
    expect(frameAt(t, 33)).toBe(1);
    expect(frameAt(t, 99.999)).toBe(1);
    expect(frameAt(t, 100)).toBe(2);
    expect(frameAt(t, 1000)).toBe(2); // inside a stall the held frame stays on screen
    expect(frameAt(t, 1617)).toBe(4);
  });

  it("returns −1 before the first frame, the last frame past the end, and throws on NaN", () => {
    expect(frameAt(t, -0.001)).toBe(-1);
    expect(frameAt(t, 1e9)).toBe(4);
    expect(frameAt(tl([]), 5)).toBe(-1);
    expect(() => frameAt(t, NaN)).toThrow(RangeError);
    expect(() => ptsMsOf(t, 5)).toThrow(RangeError);
  });

  it("refuses pts that do not increase", () => {
    expect(() => tl([0, 10, 10])).toThrow(RangeError);
  });

  it("finds the keyframe decoding starts from", () => {
    const k = { ...t, keyframes: Uint32Array.from([0, 3]) };
    expect([0, 1, 2, 3, 4].map((i) => keyframeBefore(k, i))).toEqual([0, 0, 0, 3, 3]);
    expect(keyframeBefore(t, 2)).toBe(-1);
  });

  it("tells VFR from CFR with timestamp rounding", () => {
    expect(isVfr(tl([0, 1501, 3003, 4504, 6006], 90000))).toBe(false);
    expect(isVfr(tl([0, 33, 67, 100, 133]))).toBe(false);
    expect(isVfr(t)).toBe(true);
  });

  it("round-trips through the compact DB encoding", () => {
    const e = encodeTimeline(t);
    expect(e.deltas.byteLength).toBe(16);
    expect(new DataView(e.deltas.buffer).getInt32(0, true)).toBe(33);
    expectSame(decodeTimeline(e), t);
    expect(decodeTimeline(e).startPts).toBe(100);
    expect(() => decodeTimeline({ ...e, frameCount: 9 })).toThrow(RangeError);
    expect(() => encodeTimeline(tl([0, 2 ** 32]))).toThrow(RangeError);
  });

  it("keeps the most recently used timelines and loads each key once", async () => {
    const cache = new TimelineCache(2);
    let loads = 0;
    const load = async () => {
      loads++;
      return t;
    };
    await Promise.all([cache.getOrLoad("a", load), cache.getOrLoad("a", load)]);
    expect(loads).toBe(1);
    cache.set("b", t);
    cache.get("a");
    cache.set("c", t);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe(t);
    expect(cache.size).toBe(2);
  });
});

describe("readTimeline on fixtures with truth", () => {
  for (const name of ["vfr-barcode.mp4", "scene-a.mp4", "scene-b.mp4", "product_demo.mp4"]) {
    it(`${name}: every pts and ptsMs equals the truth`, async () => {
      const truth = readTruth(name);
      const t = await readTimeline(fixture(name));
      expect(t.timescale).toBe(truth.timescale);
      expect(t.frameCount).toBe(truth.frames.length);
      expect(Array.from(t.pts)).toEqual(truth.frames.map((f) => f.pts));
      expect(truth.frames.map((_, i) => ptsMsOf(t, i))).toEqual(truth.frames.map((f) => f.ptsMs));
      expect(isVfr(t)).toBe(true);
      expect(t.keyframes?.[0]).toBe(0);
    });
  }

  for (const name of ["pedestrians_vfr.mp4", "dog_phone_vfr.mp4"]) {
    it(`${name}: packets give exactly the decoded frames`, async () => {
      const t = await readTimeline(fixture(name));
      expectSame(t, await readDecodedTimeline(fixture(name)));
      expect(t.frameCount).toBe(name.startsWith("ped") ? 234 : 41);
    });
  }

  it("dog_phone_vfr.mp4 starts with its native 185 ms gap", async () => {
    const t = await getTimeline(fixture("dog_phone_vfr.mp4"));
    expect(Math.round(ptsMsOf(t, 1))).toBe(185);
  });
});

describe("readTimeline on remuxed and damaged files", () => {
  let d: Derived;
  const truth = readTruth("vfr-barcode.mp4");
  beforeAll(async () => {
    d = await makeDerived();
  });
  afterAll(() => removeDerived(d));

  it("MPEG-TS: non-zero start time, same frame spacing, equals decoding", async () => {
    const t = await readTimeline(d.ts);
    expect(t.startPts).toBeGreaterThan(0);
    expect(Array.from(t.pts, (p) => p - t.startPts)).toEqual(truth.frames.map((f) => f.pts));
    expectSame(t, await readDecodedTimeline(d.ts));
  });

  it("Matroska (1 ms time base) equals decoding", async () => {
    const t = await readTimeline(d.mkv);
    expect(t.timescale).toBe(1000);
    expect(t.frameCount).toBe(226);
    expectSame(t, await readDecodedTimeline(d.mkv));
  });

  it("MP4 edit list that starts mid-GOP: discarded packets are not frames", async () => {
    const t = await readTimeline(d.trim);
    expectSame(t, await readDecodedTimeline(d.trim));
    expect(t.frameCount).toBeLessThan(226);
    expect(t.startPts).toBe(0);
  });

  it("MP4 edit list shorter than the media: frames past its end are not frames", async () => {
    const t = await readTimeline(d.elstCut);
    expectSame(t, await readDecodedTimeline(d.elstCut));
    expect(Array.from(t.pts)).toEqual(truth.frames.filter((f) => f.ptsMs < 5000).map((f) => f.pts));
  });

  it("MP4 with an initial empty edit (start delay) counts ms from its first frame", async () => {
    const t = await readTimeline(d.delay);
    expect(t.startPts).toBe(45000);
    expect(truth.frames.map((_, i) => ptsMsOf(t, i))).toEqual(truth.frames.map((f) => f.ptsMs));
  });

  it("truncated MP4 (first 30%): a timeline of the frames that survive, flagged", async () => {
    const t = await readTimeline(d.truncated);
    expect(t.truncated).toBe(true);
    expect(t.frameCount).toBeGreaterThan(10);
    expect(t.frameCount).toBeLessThan(226);
    expectSame(t, await readDecodedTimeline(d.truncated));
    expect(Array.from(t.pts)).toEqual(truth.frames.slice(0, t.frameCount).map((f) => f.pts));
  });

  it("truncated MP4 whose index was at the end: not a video", async () => {
    await expect(readTimeline(d.truncatedNoMoov)).rejects.toBeInstanceOf(NotAVideoError);
  });
});
