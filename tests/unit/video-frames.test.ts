import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { extractFrame } from "@/lib/media/frames";
import { frameAt, ptsMsOf } from "@/lib/media/timeline";
import { getTimeline } from "@/lib/media/timeline-read";
import { readBarcode } from "@/tests/fixtures/barcode";
import { fixture, readTruth, type Truth } from "@/tests/fixtures/derived";

/** Runs `fn` over `items` with at most `limit` in flight (the machine has 2 cores). */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i] as T);
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return out;
}

async function barcodeOf(image: Buffer): Promise<number> {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  return readBarcode(data, info.width, info.height, info.channels);
}

/** Seeded so a failure names ms values that reproduce. */
function randomMs(count: number, maxMs: number, seed: number): number[] {
  let x = seed;
  return Array.from({ length: count }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return Math.round(((x / 2 ** 31) * maxMs + 0.001) * 1000) / 1000;
  });
}

/** The truth's answer: the last frame with ptsMs ≤ ms (independent of lib/media's binary search). */
const truthAt = (truth: Truth, ms: number) => truth.frames.findLastIndex((f) => f.ptsMs <= ms);

interface Query {
  ms: number;
  expect: number;
}

type Kind = "exact pts" | "0.5 ms before each frame" | "midpoints" | "past the end and 30 random ms";

function queries(kind: Kind, name: string, truth: Truth): Query[] {
  const f = truth.frames;
  switch (kind) {
    case "exact pts":
      return f.map((x, i) => ({ ms: x.ptsMs, expect: i }));
    case "0.5 ms before each frame":
      return f.slice(1).map((x, i) => ({ ms: x.ptsMs - 0.5, expect: i }));
    case "midpoints":
      return f.slice(1).map((x, i) => ({ ms: ((f[i]?.ptsMs ?? 0) + x.ptsMs) / 2, expect: i }));
    case "past the end and 30 random ms": {
      const last = f[f.length - 1]?.ptsMs ?? 0;
      const random = randomMs(30, last + 100, name.length * 7919).map((ms) => ({ ms, expect: truthAt(truth, ms) }));
      return [{ ms: last + 5000, expect: f.length - 1 }, { ms: 1e9, expect: f.length - 1 }, ...random];
    }
  }
}

describe("extractFrame is exact on every frame (barcode read back)", () => {
  const plan: [string, Kind[]][] = [
    ["vfr-barcode.mp4", ["exact pts", "0.5 ms before each frame", "midpoints", "past the end and 30 random ms"]],
    ["scene-a.mp4", ["exact pts", "0.5 ms before each frame", "past the end and 30 random ms"]],
    ["scene-b.mp4", ["exact pts", "0.5 ms before each frame", "midpoints", "past the end and 30 random ms"]],
  ];
  for (const [name, kinds] of plan) {
    for (const kind of kinds) {
      it(`${name}: ${kind}`, async () => {
        const truth = readTruth(name);
        const t = await getTimeline(fixture(name));
        const qs = queries(kind, name, truth);
        expect(qs.filter((q) => frameAt(t, q.ms) !== q.expect)).toEqual([]);
        const results = await mapLimit(qs, 2, async (q) => {
          const r = await extractFrame(fixture(name), q.ms, { timeline: t });
          return { q, index: r.index, ptsMs: r.ptsMs, content: await barcodeOf(r.image) };
        });
        const want = (r: (typeof results)[number]) => truth.frames[r.q.expect];
        const wrong = results.filter((r) => r.index !== r.q.expect || r.ptsMs !== want(r)?.ptsMs || r.content !== want(r)?.content);
        expect(wrong.map((r) => `${r.q.ms} ms → frame ${r.index} showing ${r.content}, want ${r.q.expect}`)).toEqual([]);
      });
    }
  }

  it("vfr-barcode.mp4: several ms inside the 1.5 s stall all show the held frame", async () => {
    const truth = readTruth("vfr-barcode.mp4");
    const t = await getTimeline(fixture("vfr-barcode.mp4"));
    const held = truth.frames.findIndex((f, i) => (truth.frames[i + 1]?.ptsMs ?? 0) - f.ptsMs > 1400);
    const start = truth.frames[held]?.ptsMs ?? 0;
    expect(held).toBeGreaterThan(0);
    const got = await mapLimit([1, 250, 700, 1200, 1499], 2, async (dt) => {
      const r = await extractFrame(fixture("vfr-barcode.mp4"), start + dt, { timeline: t, format: "jpeg", width: 160 });
      return [r.index, await barcodeOf(r.image), r.width, r.height];
    });
    expect(got).toEqual(Array.from({ length: 5 }, () => [held, truth.frames[held]?.content, 160, 120]));
  });

  it("encodes PNG or JPEG, scales, and refuses a time before the first frame", async () => {
    const file = fixture("product_demo.mp4");
    const png = await extractFrame(file, 5000);
    expect(png.image.subarray(1, 4).toString()).toBe("PNG");
    expect(await sharp(png.image).metadata()).toMatchObject({ width: 640, height: 360 });
    const jpg = await extractFrame(file, 5000, { format: "jpeg", width: 320 });
    expect(jpg.image[0]).toBe(0xff);
    expect(await sharp(jpg.image).metadata()).toMatchObject({ format: "jpeg", width: 320, height: 180 });
    expect(jpg.index).toBe(png.index);
    const t = await getTimeline(file);
    expect(png.ptsMs).toBe(ptsMsOf(t, png.index));
    await expect(extractFrame(file, -1)).rejects.toBeInstanceOf(RangeError);
  });
});
