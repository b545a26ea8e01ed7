import { COCO_LABELS } from "@/lib/detect/coco";
import { denseBoxes } from "./dense";
import { labelsOf, num, ptsText, type ExchangeDoc, type ExportFile } from "./types";

// COCO instances for a video: one image per frame (id = frame + 1, frame_id = the 0-based display
// index, pts_ms = its exact pts, video_id), one annotation per box with its track_id. COCO classes
// keep their official category ids (person 1 … toothbrush 90); other labels number from 1001.

// The official ids of the 80 classes, in COCO_LABELS' order (the 2017 set skips 12, 26, 29, 30, 45, 66, 68, 69, 71, 83).
const SKIPPED = new Set([12, 26, 29, 30, 45, 66, 68, 69, 71, 83]);
const OFFICIAL = (() => {
  const m = new Map<string, number>();
  let id = 0;
  for (const l of COCO_LABELS) {
    do id++;
    while (SKIPPED.has(id));
    m.set(l, id);
  }
  return m;
})();

export function writeCoco(doc: ExchangeDoc, now = new Date()): ExportFile[] {
  let extra = 1000;
  const categories = labelsOf(doc).map((name) => ({ id: OFFICIAL.get(name) ?? ++extra, name, supercategory: OFFICIAL.has(name) ? "coco" : "catalogue" }));
  const catId = new Map(categories.map((c) => [c.name, c.id]));
  const images = doc.ptsMs.map((p, i) => ({ id: i + 1, file_name: `frame_${String(i).padStart(6, "0")}.jpg`, width: doc.width, height: doc.height, video_id: 1, frame_id: i, pts_ms: Number(ptsText(p)) }));
  const annotations: object[] = [];
  doc.tracks.forEach((t, ti) => {
    for (const b of denseBoxes(t, doc.ptsMs, doc)) {
      const bbox = b.box.map((v) => Number(num(v)));
      annotations.push({
        id: annotations.length + 1,
        image_id: b.frame + 1,
        category_id: catId.get(t.label),
        bbox,
        area: Number(num((bbox[2] as number) * (bbox[3] as number))),
        iscrowd: 0,
        segmentation: [],
        track_id: ti + 1,
        score: b.score,
        attributes: { keyframe: b.keyframe, interpolated: !b.stored, occluded: b.stored && !b.observed },
      });
    }
  });
  const json = {
    info: { description: `Framecart tracks of ${doc.name}`, version: "1.0", date_created: now.toISOString(), frame_count: doc.ptsMs.length },
    licenses: [],
    videos: [{ id: 1, name: doc.name, width: doc.width, height: doc.height, length: doc.ptsMs.length }],
    categories,
    images,
    annotations,
  };
  return [{ path: "annotations.json", data: JSON.stringify(json) }];
}
