// npm run -s export -- DETECTIONS.json --format cvat|mot|coco|yolo --out FILE|DIR [--video FILE] [--hidden]
// Converts an `npm run analyze` result: CVAT → one XML file (or DIR/annotations.xml), COCO → one JSON
// file, MOT → DIR/gt/gt.txt, DIR/gt/labels.txt, DIR/seqinfo.ini, DIR/pts.txt, YOLO → DIR/classes.txt,
// DIR/labels/frame_NNNNNN.txt, DIR/pts.txt. --video gives the exact pts of frames a sampled analysis
// skipped (needed unless the result analysed every frame). Prints a one-line JSON summary.
import { parseArgs } from "node:util";
import { exportDetections } from "@/lib/exchange/local";
import { EXPORT_FORMATS, type ExportFormat } from "@/lib/exchange/types";

const USAGE = `usage: npm run -s export -- DETECTIONS.json --format ${EXPORT_FORMATS.join("|")} --out FILE|DIR [--video FILE] [--hidden]`;

function fail(message: string, code: number): never {
  process.stderr.write(`export: ${message}\n`);
  if (code === 2) process.stderr.write(`${USAGE}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { format: { type: "string" }, out: { type: "string" }, video: { type: "string" }, hidden: { type: "boolean" } } });
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e), 2);
  }
  const { values, positionals } = parsed;
  const [file, ...extra] = positionals;
  if (!file) fail("missing DETECTIONS.json", 2);
  if (extra.length) fail(`unexpected argument ${JSON.stringify(extra[0])}`, 2);
  if (!values.format || !(EXPORT_FORMATS as readonly string[]).includes(values.format)) fail(`--format must be one of ${EXPORT_FORMATS.join(", ")}`, 2);
  if (!values.out) fail("missing --out FILE|DIR", 2);
  try {
    const res = await exportDetections(file, { format: values.format as ExportFormat, out: values.out, video: values.video, hidden: values.hidden });
    process.stdout.write(`${JSON.stringify({ format: res.format, frames: res.frames, tracks: res.tracks, boxes: res.boxes, files: res.files.length, out: values.out })}\n`);
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e), 1);
  }
}

void main();
