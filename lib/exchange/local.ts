import fs from "node:fs/promises";
import path from "node:path";
import { writeAtomically } from "@/lib/analysis/local";
import { detectionsDocumentSchema } from "@/lib/analysis/schema";
import { getTimeline } from "@/lib/media/timeline-read";
import { ptsMsOf } from "@/lib/media/timeline";
import { exportFiles } from "./formats";
import { fromDetections } from "./from-detections";
import type { ExportFormat } from "./types";

// `npm run export` without a database: an `npm run analyze` result (plus the video, for the pts of
// frames a sampled analysis skipped) to files of a labelling format.

export interface ExportToPathResult {
  format: ExportFormat;
  files: string[];
  frames: number;
  tracks: number;
  boxes: number;
}

const SINGLE: Partial<Record<ExportFormat, string>> = { cvat: "annotations.xml", coco: "annotations.json" };

export async function exportDetections(detectionsFile: string, opts: { format: ExportFormat; out: string; video?: string; hidden?: boolean }): Promise<ExportToPathResult> {
  const doc = detectionsDocumentSchema.parse(JSON.parse(await fs.readFile(detectionsFile, "utf8")));
  let ptsMs: number[] | undefined;
  if (opts.video) {
    const t = await getTimeline(opts.video);
    ptsMs = Array.from({ length: t.frameCount }, (_, i) => ptsMsOf(t, i));
  }
  const ex = fromDetections(doc, { ptsMs, hidden: opts.hidden });
  const files = exportFiles(ex, opts.format);
  const single = SINGLE[opts.format];
  const written: string[] = [];
  if (single && files.length === 1) {
    const isDir = opts.out.endsWith("/") || (await fs.stat(opts.out).then((s) => s.isDirectory(), () => false));
    const target = isDir ? path.join(opts.out, single) : opts.out;
    await fs.mkdir(path.dirname(target), { recursive: true });
    await writeAtomically(target, (tmp) => fs.writeFile(tmp, (files[0] as { data: string }).data));
    written.push(target);
  } else {
    for (const f of files) {
      const target = path.join(opts.out, ...f.path.split("/"));
      await fs.mkdir(path.dirname(target), { recursive: true });
      await writeAtomically(target, (tmp) => fs.writeFile(tmp, f.data));
      written.push(target);
    }
  }
  return { format: opts.format, files: written, frames: ex.ptsMs.length, tracks: ex.tracks.length, boxes: ex.tracks.reduce((s, t) => s + t.boxes.length, 0) };
}
