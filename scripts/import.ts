// npm run -s import -- FILE --video ID [--format cvat|mot]
// Imports a CVAT for video 1.1 XML, a MOT 1.1 gt.txt (its folder's seqinfo.ini, gt/labels.txt and
// pts.txt are read when beside it) or a ZIP of either into video ID as manual tracks (kept by re-runs).
// Uses the configured database (DATABASE_URL, or the embedded PGlite). Prints a one-line JSON summary.
import fs from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { closeDb, getDbHandle, migrate } from "@/db";
import { DomainError } from "@/lib/errors";
import { zipFiles } from "@/lib/exchange/zip";
import { importIntoVideo } from "@/lib/exchange/service";
import { IMPORT_FORMATS, type ImportFormat } from "@/lib/exchange/types";

const USAGE = `usage: npm run -s import -- FILE|DIR --video ID [--format ${IMPORT_FORMATS.join("|")}]`;

function fail(message: string, code: number): never {
  process.stderr.write(`import: ${message}\n`);
  if (code === 2) process.stderr.write(`${USAGE}\n`);
  process.exit(code);
}

/** A MOT folder (or its gt.txt) is packed the way an archive would bring it, so one parser reads both. */
async function readInput(file: string): Promise<Buffer> {
  const st = await fs.stat(file);
  const dir = st.isDirectory() ? file : path.basename(file) === "gt.txt" ? path.dirname(path.dirname(file)) : null;
  if (!dir) return fs.readFile(file);
  const files: { path: string; data: string }[] = [];
  for (const rel of ["gt/gt.txt", "gt/labels.txt", "seqinfo.ini", "pts.txt"]) {
    const data = await fs.readFile(path.join(dir, rel), "utf8").catch(() => null);
    if (data !== null) files.push({ path: rel, data });
  }
  if (!files.some((f) => f.path === "gt/gt.txt")) return st.isDirectory() ? fail(`${file} has no gt/gt.txt`, 1) : fs.readFile(file);
  return zipFiles(files);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { video: { type: "string" }, format: { type: "string" } } });
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e), 2);
  }
  const { values, positionals } = parsed;
  const [file, ...extra] = positionals;
  if (!file) fail("missing FILE", 2);
  if (extra.length) fail(`unexpected argument ${JSON.stringify(extra[0])}`, 2);
  const videoId = Number(values.video);
  if (!Number.isInteger(videoId) || videoId < 1) fail("--video must be a video id", 2);
  if (values.format !== undefined && !(IMPORT_FORMATS as readonly string[]).includes(values.format)) fail(`--format must be one of ${IMPORT_FORMATS.join(", ")}`, 2);
  const handle = await getDbHandle();
  if (handle.kind === "postgres") await migrate(handle);
  try {
    const res = await importIntoVideo(videoId, await readInput(file), values.format as ImportFormat | undefined);
    process.stdout.write(`${JSON.stringify({ videoId: res.videoId, format: res.format, tracks: res.tracks, boxes: res.boxes, labels: res.labels })}\n`);
  } catch (e) {
    await closeDb();
    fail(e instanceof DomainError || e instanceof Error ? e.message : String(e), 1);
  }
  await closeDb();
}

void main();
