import { insertManualTracks, listTracksWithBoxes, type ImportBox } from "@/db/queries/exchange";
import { getVideo } from "@/db/queries/videos";
import type { Video } from "@/db/schema";
import { labelProblem, normaliseLabel } from "@/lib/catalogue/labels";
import { invalidateMatchIndex } from "@/lib/clicks/match-index";
import { ConflictError, InvalidInputError, NotFoundError } from "@/lib/errors";
import { ptsMsOf, type Timeline } from "@/lib/media/timeline";
import { videoTimeline } from "@/lib/videos/frame-source";
import { clip } from "./dense";
import { exportFiles, parseImport } from "./formats";
import type { ExchangeDoc, ExportFile, ExportFormat, ImportedDoc, ImportFormat } from "./types";
import { zipFiles } from "./zip";

// Export a stored video's tracks in a labelling format, and import CVAT or MOT files into a video as
// manual tracks (checked against the video's frame count, size and, when the file carries them, its
// exact pts). Manual tracks survive re-runs of the analysis (db/queries/tracks.ts replaceAutoTracks).

/** A file import may hold at most this many boxes (a 10-minute 30 fps video with 25 objects on screen). */
export const MAX_IMPORT_BOXES = 500_000;
/** A box must keep at least this much (px) of each side inside the picture; the rest is clipped off. */
const MIN_INSIDE = 1;
/** pts in a file must agree with the video's to within this (ms): a 90 kHz timeline written to 6 decimals is exact. */
const PTS_TOLERANCE_MS = 0.01;

const bad = (message: string, path = "file") => new InvalidInputError(message, [{ path, message }]);

async function videoWithTimeline(videoId: number): Promise<{ video: Video; timeline: Timeline; width: number; height: number }> {
  const video = await getVideo(videoId);
  if (!video) throw new NotFoundError("Video");
  const timeline = await videoTimeline(video);
  if (!timeline || !video.width || !video.height) throw new ConflictError("The video's timeline is not ready yet: wait for its probe to finish");
  return { video, timeline, width: video.width, height: video.height };
}

/** The video's tracks as an exchange document (unconfirmed tracks only when `hidden`). */
export async function videoExchangeDoc(videoId: number, hidden = false): Promise<ExchangeDoc> {
  const { video, timeline, width, height } = await videoWithTimeline(videoId);
  const { tracks, boxes } = await listTracksWithBoxes(videoId, hidden);
  const byTrack = new Map<number, ExchangeDoc["tracks"][number]["boxes"]>();
  for (const b of boxes) {
    let l = byTrack.get(b.trackId);
    if (!l) byTrack.set(b.trackId, (l = []));
    l.push({ frame: b.frameIndex, box: [b.x, b.y, b.w, b.h], keyframe: b.keyframe, score: b.score, observed: b.observed, ...(b.outside ? { outside: true } : {}) });
  }
  const ptsMs = Array.from({ length: timeline.frameCount }, (_, i) => ptsMsOf(timeline, i));
  return { name: video.title || video.youtubeId, width, height, ptsMs, tracks: tracks.map((t) => ({ id: t.id, label: t.label, hidden: t.hidden, boxes: byTrack.get(t.id) ?? [] })) };
}

/** A name safe in a Content-Disposition header and on any file system. */
export function safeFileName(s: string): string {
  return s.normalize("NFKD").replace(/[^\w.-]+/g, "_").replace(/^[._]+/, "").slice(0, 80) || "video";
}

/** The download of a video's export: one file (CVAT XML, COCO JSON) or a ZIP (MOT, YOLO). */
export async function exportVideo(videoId: number, format: ExportFormat, hidden = false): Promise<{ fileName: string; contentType: string; body: Buffer; files: ExportFile[] }> {
  const doc = await videoExchangeDoc(videoId, hidden);
  const files = exportFiles(doc, format);
  const base = `${safeFileName(doc.name)}_${format}`;
  const only = files.length === 1 ? files[0] : undefined;
  if (only) {
    const ext = only.path.endsWith(".xml") ? "xml" : "json";
    return { fileName: `${base}.${ext}`, contentType: ext === "xml" ? "application/xml; charset=utf-8" : "application/json; charset=utf-8", body: Buffer.from(only.data, "utf8"), files };
  }
  return { fileName: `${base}.zip`, contentType: "application/zip", body: zipFiles(files), files };
}

/** Checks an imported document against the video and turns it into rows; throws on the first problem. */
export function importRows(doc: ImportedDoc, v: { timeline: Timeline; width: number; height: number }): { label: string; boxes: ImportBox[] }[] {
  const n = v.timeline.frameCount;
  if (doc.frameCount !== null && doc.frameCount !== n) throw bad(`The file describes ${doc.frameCount} frames; this video has ${n}`);
  if ((doc.width !== null && doc.width !== v.width) || (doc.height !== null && doc.height !== v.height)) {
    throw bad(`The file's frames are ${doc.width ?? "?"}×${doc.height ?? "?"}; this video's are ${v.width}×${v.height}`);
  }
  if (doc.ptsMs) {
    if (doc.ptsMs.length !== n) throw bad(`The file lists the pts of ${doc.ptsMs.length} frames; this video has ${n}`);
    const i = doc.ptsMs.findIndex((p, k) => Math.abs(p - ptsMsOf(v.timeline, k)) > PTS_TOLERANCE_MS);
    if (i >= 0) throw bad(`Frame ${i} is at ${doc.ptsMs[i]} ms in the file and at ${ptsMsOf(v.timeline, i)} ms in this video: the file belongs to another video`);
  }
  const total = doc.tracks.reduce((s, t) => s + t.boxes.length, 0);
  if (total > MAX_IMPORT_BOXES) throw bad(`The file holds ${total} boxes; at most ${MAX_IMPORT_BOXES} are imported at once`);
  return doc.tracks.map((t, ti) => {
    const label = normaliseLabel(t.label);
    const problem = labelProblem(label);
    if (problem) throw bad(`Track ${ti + 1}: class ${JSON.stringify(t.label.slice(0, 60))}: ${problem}`);
    return {
      label,
      boxes: t.boxes.map((b) => {
        if (b.frame >= n) throw bad(`Track ${ti + 1} (${label}) has a box on frame ${b.frame}; this video has ${n} frames (0–${n - 1})`);
        const [x, y, w, h] = b.box;
        // An outside box only marks where a gap starts: its place does not matter, so it is kept inside the picture.
        if (b.outside) {
          const c = clip(b.box, v.width, v.height) ?? [0, 0, 1, 1];
          return { frameIndex: b.frame, ptsMs: ptsMsOf(v.timeline, b.frame), x: c[0], y: c[1], w: c[2], h: c[3], score: 1, keyframe: true, observed: true, outside: true };
        }
        // Detectors and tools leave boxes a little past the edge; a box with no part in the picture is an error.
        if (x >= v.width - MIN_INSIDE || y >= v.height - MIN_INSIDE || x + w <= MIN_INSIDE || y + h <= MIN_INSIDE) {
          throw bad(`Track ${ti + 1} (${label}) frame ${b.frame}: the box [${[x, y, w, h].map((q) => Math.round(q * 100) / 100).join(", ")}] is outside the ${v.width}×${v.height} frame`);
        }
        const cx = Math.max(0, x);
        const cy = Math.max(0, y);
        return { frameIndex: b.frame, ptsMs: ptsMsOf(v.timeline, b.frame), x: cx, y: cy, w: Math.min(v.width, x + w) - cx, h: Math.min(v.height, y + h) - cy, score: 1, keyframe: b.keyframe, observed: true, outside: false };
      }),
    };
  });
}

/** Imports a CVAT for video 1.1 or MOT 1.1 file (or a ZIP of one) into the video as manual tracks. */
export async function importIntoVideo(videoId: number, file: Buffer, format?: ImportFormat) {
  const v = await videoWithTimeline(videoId);
  const doc = parseImport(file, format);
  const rows = importRows(doc, v).filter((t) => t.boxes.length > 0);
  const trackIds = await insertManualTracks(videoId, rows);
  invalidateMatchIndex(videoId);
  return { videoId, format: doc.format, tracks: trackIds.length, boxes: rows.reduce((s, t) => s + t.boxes.length, 0), trackIds, labels: [...new Set(rows.map((r) => r.label))] };
}
