import { denseBoxes } from "./dense";
import { labelsOf, ptsText, type ExchangeDoc, type ExportFile } from "./types";

// YOLO: classes.txt (class = 0-based line number), labels/frame_NNNNNN.txt for every frame of the video
// (empty when nothing is on it) with `class cx cy w h` normalised to the frame, and pts.txt
// (`frame,pts_ms`, 0-based like the file names) with each frame's exact pts.

const norm = (v: number) => Math.min(1, Math.max(0, v)).toFixed(6);

export function writeYolo(doc: ExchangeDoc): ExportFile[] {
  const labels = labelsOf(doc);
  const cls = new Map(labels.map((l, i) => [l, i]));
  const perFrame: string[][] = doc.ptsMs.map(() => []);
  for (const t of doc.tracks) {
    for (const b of denseBoxes(t, doc.ptsMs, doc)) {
      const [x, y, w, h] = b.box;
      perFrame[b.frame]?.push(`${cls.get(t.label)} ${norm((x + w / 2) / doc.width)} ${norm((y + h / 2) / doc.height)} ${norm(w / doc.width)} ${norm(h / doc.height)}`);
    }
  }
  return [
    { path: "classes.txt", data: labels.map((l) => `${l.replace(/[\r\n]/g, " ")}\n`).join("") },
    ...perFrame.map((lines, i) => ({ path: `labels/frame_${String(i).padStart(6, "0")}.txt`, data: lines.map((l) => `${l}\n`).join("") })),
    { path: "pts.txt", data: "frame,pts_ms\n" + doc.ptsMs.map((p, i) => `${i},${ptsText(p)}\n`).join("") },
  ];
}
