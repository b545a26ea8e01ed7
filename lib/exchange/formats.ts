import { InvalidInputError } from "@/lib/errors";
import { writeCoco } from "./coco";
import { parseCvat, writeCvat } from "./cvat";
import { checkDoc } from "./dense";
import { parseMot, writeMot, type MotFiles } from "./mot";
import type { ExchangeDoc, ExportFile, ExportFormat, ImportedDoc, ImportFormat } from "./types";
import { writeYolo } from "./yolo";
import { isZip, unzip } from "./zip";

// One entry point per direction: a document to the files of a format, and an uploaded file (XML,
// gt.txt or a ZIP of either, as CVAT exports them) to tracks.

export function exportFiles(doc: ExchangeDoc, format: ExportFormat, now = new Date()): ExportFile[] {
  checkDoc(doc);
  switch (format) {
    case "cvat":
      return [{ path: "annotations.xml", data: writeCvat(doc, now) }];
    case "mot":
      return writeMot(doc);
    case "coco":
      return writeCoco(doc, now);
    case "yolo":
      return writeYolo(doc);
  }
}


const bad = (message: string) => new InvalidInputError(message, [{ path: "file", message }]);

function text(buf: Buffer, what: string): string {
  const s = buf.toString("utf8");
  if (s.includes("\uFFFD") || s.includes("\0")) throw bad(`${what} is not UTF-8 text`);
  return s;
}

/** The one file under `dir/` named `name`, wherever the archive nests it (CVAT adds a top folder sometimes). */
function pick(files: Map<string, Buffer>, name: string): [string, Buffer] | undefined {
  const hits = [...files.entries()].filter(([k]) => k === name || k.endsWith(`/${name}`));
  if (hits.length > 1) throw bad(`The archive holds ${hits.length} files named ${name}: send one sequence`);
  return hits[0];
}

/** Reads an uploaded annotation file; `format` is guessed from the content when not given. */
export function parseImport(buf: Buffer, format?: ImportFormat): ImportedDoc {
  if (buf.length === 0) throw bad("The file is empty");
  if (isZip(buf)) {
    const files = unzip(buf);
    const xml = pick(files, "annotations.xml");
    const gt = pick(files, "gt/gt.txt") ?? pick(files, "gt.txt");
    if ((format ?? (xml ? "cvat" : "mot")) === "cvat") {
      if (!xml) throw bad("The archive has no annotations.xml (CVAT for video 1.1)");
      return parseCvat(text(xml[1], "annotations.xml"));
    }
    if (!gt) throw bad("The archive has no gt/gt.txt (MOT 1.1)");
    const base = gt[0].replace(/(^|\/)gt\/gt\.txt$|(^|\/)gt\.txt$/, "$1$2");
    const near = (n: string) => files.get(`${base}${n}`) ?? files.get(`${base}gt/${n}`);
    const mot: MotFiles = { gt: text(gt[1], "gt.txt") };
    for (const [k, n] of [["labels", "labels.txt"], ["seqinfo", "seqinfo.ini"], ["pts", "pts.txt"]] as const) {
      const f = near(n);
      if (f) mot[k] = text(f, n);
    }
    return parseMot(mot);
  }
  const s = text(buf, "The file");
  const guessed = format ?? (/^\s*</.test(s.replace(/^\uFEFF/, "")) ? "cvat" : "mot");
  return guessed === "cvat" ? parseCvat(s) : parseMot({ gt: s });
}
