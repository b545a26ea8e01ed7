import { PassThrough } from "node:stream";
import type { Storage } from "@/lib/storage";
import type { FragmentInfo, TrackInfo } from "./fmp4";
import { segmentKey, type SegmentEntry, type TrackSpan } from "./recording-index";

/** One segment object (init + fragments) streamed to storage as it is written: multipart on S3. */
class OpenSegment {
  readonly body = new PassThrough({ highWaterMark: 1024 * 1024 });
  readonly done: Promise<{ size: number }>;
  frames = 0;
  bytes = 0;
  endPts = 0;
  /** The audio track's samples in this segment, in its own ticks. */
  audio: { startPts: number; endPts: number; samples: number } | undefined;
  constructor(
    readonly index: number,
    readonly run: number,
    readonly key: string,
    readonly startPts: number,
    readonly initBytes: number,
    store: Storage,
  ) {
    this.done = store.put(key, this.body, { contentType: "video/mp4" });
    this.done.catch(() => {}); // awaited in close(); this keeps an early failure from going unhandled
  }
  async write(b: Buffer): Promise<void> {
    this.bytes += b.length;
    if (!this.body.write(b)) await new Promise<void>((r) => this.body.once("drain", r));
  }
}

/** Cuts one run's fMP4 into segments at fragment (keyframe) boundaries, about `seconds` long each. */
export class SegmentWriter {
  private current: OpenSegment | undefined;
  private init: Buffer | undefined;
  private timescale = 90000;
  private audioTrack: TrackInfo | undefined;
  private uploads: Promise<void>[] = [];

  constructor(
    private readonly store: Storage,
    private readonly id: string,
    private readonly run: number,
    private readonly seconds: number,
    private readonly nextIndex: () => number,
    private readonly onSegment: (s: SegmentEntry) => Promise<void>,
  ) {}

  setInit(init: Buffer, timescale: number, tracks: TrackInfo[] = []): void {
    this.init = init;
    this.timescale = timescale;
    this.audioTrack = tracks.find((t) => t.handler === "soun");
  }

  /** `info`: the video's samples (segments are cut on them); `tracks`: every track of the fragment. */
  async fragment(moof: Buffer, info: FragmentInfo, tracks: FragmentInfo[] = []): Promise<void> {
    if (!this.init) throw new Error("fMP4 fragment before init segment");
    const cur = this.current;
    if (cur && cur.frames > 0 && info.minPts - cur.startPts >= this.seconds * this.timescale) this.close();
    if (!this.current && info.frames === 0) return; // audio before the first video frame: a segment starts on video
    if (!this.current) {
      const n = this.nextIndex();
      this.current = new OpenSegment(n, this.run, segmentKey(this.id, n), info.minPts, this.init.length, this.store);
      await this.current.write(this.init);
    }
    const seg = this.current;
    seg.frames += info.frames;
    seg.endPts = Math.max(seg.endPts, info.endPts);
    const a = this.audioTrack && tracks.find((t) => t.trackId === this.audioTrack?.id);
    if (a && a.frames > 0) {
      const was = seg.audio;
      seg.audio = was
        ? { startPts: Math.min(was.startPts, a.minPts), endPts: Math.max(was.endPts, a.endPts), samples: was.samples + a.frames }
        : { startPts: a.minPts, endPts: a.endPts, samples: a.frames };
    }
    await seg.write(moof);
  }

  async data(b: Buffer): Promise<void> {
    if (this.current) await this.current.write(b);
  }

  /** Ends the open segment; its upload finishes in the background (see flush). */
  close(): void {
    const seg = this.current;
    if (!seg) return;
    this.current = undefined;
    const closedAt = new Date();
    seg.body.end();
    const ts = this.timescale;
    const ats = this.audioTrack?.timescale ?? 0;
    const audio: TrackSpan | undefined = seg.audio && {
      ...seg.audio,
      startMs: (seg.audio.startPts * 1000) / ats,
      endMs: (seg.audio.endPts * 1000) / ats,
    };
    this.uploads.push(
      seg.done.then(() =>
        this.onSegment({
          index: seg.index,
          run: seg.run,
          key: seg.key,
          bytes: seg.bytes,
          initBytes: seg.initBytes,
          frames: seg.frames,
          startPts: seg.startPts,
          endPts: seg.endPts,
          startMs: (seg.startPts * 1000) / ts,
          endMs: (seg.endPts * 1000) / ts,
          closedAt: closedAt.toISOString(),
          uploadMs: Date.now() - closedAt.getTime(),
          ...(this.audioTrack ? { audio: audio ?? null } : {}),
        }),
      ),
    );
  }

  /** Closes the open segment and waits for every upload of this run; throws the first failure. */
  async flush(): Promise<void> {
    this.close();
    const results = await Promise.allSettled(this.uploads);
    const failed = results.find((r) => r.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }

  /** Abandons the open segment (its partial upload is aborted by the destroyed stream). */
  abort(e: Error): void {
    this.current?.body.destroy(e);
    this.current = undefined;
  }
}
