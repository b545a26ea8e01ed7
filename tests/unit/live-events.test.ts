import { describe, expect, it } from "vitest";
import { EventBook, type LiveEvent, type SnapshotFrame } from "@/lib/live/events";
import { liveDecodeArgs } from "@/lib/live/stream-source";
import { percentile } from "@/lib/live/output";
import type { TrackedObject } from "@/lib/track/types";

// Events from the tracker's per-frame output: a track closes after the track buffer (ms of wall clock)
// and is an event only when lib/track/confirm.ts confirms it; the snapshot frame is its best-scored one.

const frame = (tag: number): SnapshotFrame => ({ data: new Uint8Array([tag]), width: 640, height: 480 });
const person = (trackId: number, score: number, x = 100): TrackedObject => ({ trackId, label: "person", score, box: [x, 100, 60, 160] });

describe("live events", () => {
  it("a confirmed track becomes one event when unseen for the track buffer; a flicker never does", () => {
    const got: { e: LiveEvent; f: SnapshotFrame }[] = [];
    const book = new EventBook({ trackBufferMs: 5000, tiles: false, onEvent: (e, f) => void got.push({ e, f }) });
    const t0 = 1_800_000_000_000;
    for (let i = 0; i < 8; i++) {
      const objs = [person(1, i === 3 ? 0.9 : 0.5, 100 + i * 5)];
      if (i < 2) objs.push(person(2, 0.6, 400)); // two hits: fewer than confirm's 5
      book.see(objs, { trackerMs: i * 200, wallClockMs: t0 + i * 200, frameIndex: i, frame: frame(i) });
    }
    expect(got).toHaveLength(0);
    // 5 s after track 1's last frame: still open; just past it: closed, confirmed, an event.
    book.see([], { trackerMs: 1400 + 5000, wallClockMs: t0 + 6400, frameIndex: 8, frame: frame(8) });
    expect(got).toHaveLength(0);
    book.see([], { trackerMs: 1400 + 5001, wallClockMs: t0 + 6401, frameIndex: 9, frame: frame(9) });
    expect(got.map((g) => g.e.trackId)).toEqual([1]);
    const e = got[0]?.e;
    expect(e).toMatchObject({ label: "person", startWallClockMs: t0, endWallClockMs: t0 + 1400, snapshot: "snapshots/1.jpg", score: 0.9, bestWallClockMs: t0 + 600, hits: 8 });
    expect(got[0]?.f.data[0]).toBe(3); // the best-scored frame
    expect(book.openCount).toBe(0);
  });

  it("closeAll ends open tracks (Ctrl-C), confirmed ones as events", () => {
    const got: LiveEvent[] = [];
    const book = new EventBook({ trackBufferMs: 5000, tiles: false, onEvent: (e) => void got.push(e) });
    for (let i = 0; i < 6; i++) book.see([person(7, 0.5)], { trackerMs: i * 200, wallClockMs: i * 200, frameIndex: i, frame: frame(i) });
    book.see([person(8, 0.1)], { trackerMs: 1200, wallClockMs: 1200, frameIndex: 6, frame: frame(6) });
    book.closeAll();
    expect(got.map((e) => e.trackId)).toEqual([7]);
  });

  it("ffmpeg decodes at the analysis fps by pts slots, scaled, raw, with pts on stderr, and never encodes", () => {
    const args = liveDecodeArgs("rtsp://127.0.0.1:1/s", 5, 640, 5000);
    const vf = args[args.indexOf("-vf") + 1] ?? "";
    expect(vf).toContain("floor(t*5)");
    expect(vf).toContain("scale='min(640\\,iw)':-2");
    expect(vf.endsWith("showinfo")).toBe(true);
    expect(args).toContain("-copyts");
    expect(args.slice(args.indexOf("-f"), args.indexOf("-f") + 2)).toEqual(["-f", "rawvideo"]);
    expect(args.some((a) => /^lib|copy$/.test(a))).toBe(false);
  });

  it("percentile: nearest rank", () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
  });
});
