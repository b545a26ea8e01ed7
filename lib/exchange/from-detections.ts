import { boxesByTrack, type DetectionsDocument } from "@/lib/analysis/schema";
import type { ExchangeDoc } from "./types";

/**
 * An `npm run analyze` result as an exchange document. `ptsMs` is the video's exact timeline (every
 * frame); without it the document must have analysed every frame (analysisFps null), since the pts of
 * frames it skipped are not in it. Unconfirmed (hidden) tracks are left out unless `hidden`.
 */
export function fromDetections(doc: DetectionsDocument, opts: { ptsMs?: number[]; hidden?: boolean } = {}): ExchangeDoc {
  let ptsMs = opts.ptsMs;
  if (!ptsMs) {
    const every = doc.frames.every((f, i) => f.index === i);
    if (doc.analysisFps !== null || !every) {
      throw new RangeError(`The result analysed ${doc.frames.length} sampled frames (${doc.analysisFps ?? "?"} fps): give the video (--video FILE) so every frame's exact pts can be written`);
    }
    ptsMs = doc.frames.map((f) => f.ptsMs);
  } else {
    for (const f of doc.frames) {
      const p = ptsMs[f.index];
      if (p === undefined || Math.abs(p - f.ptsMs) > 0.001) throw new RangeError(`Frame ${f.index} of the result is at ${f.ptsMs} ms, the video's frame ${f.index} at ${p ?? "—"} ms: not this video's result`);
    }
  }
  const boxes = boxesByTrack(doc);
  const tracks = doc.tracks
    .filter((t) => opts.hidden || !t.hidden)
    .map((t) => ({
      id: t.trackId,
      label: t.label,
      hidden: t.hidden === true,
      boxes: (boxes.get(t.trackId) ?? []).map((b) => ({ frame: b.frameIndex, box: b.box, keyframe: false, score: b.score, observed: b.observed })),
    }));
  return { name: doc.videoId, width: doc.width, height: doc.height, ptsMs, tracks };
}
