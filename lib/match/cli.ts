import fs from "node:fs";
import { parseArgs } from "node:util";
import { matchPlayerClick } from "@/lib/match/engine";
import { indexFromDetections, MatchFileError, parseClicksFile, parseDetectionsFile } from "@/lib/match/files";

export const MATCH_USAGE = "usage: npm run -s match -- --clicks <clicks.json> --detections <videoId_detections.json>";

export interface CliIo {
  readFile(path: string): string;
  stdout(text: string): void;
  stderr(text: string): void;
}

export const nodeIo: CliIo = {
  readFile: (p) => fs.readFileSync(p, "utf8"),
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

/** One line of the CLI's output (the original system's compare format). */
export interface MatchedClickRecord {
  x: number;
  y: number;
  timestamp: number;
  videoId: string;
  frameIndex: number | null;
  ptsMs: number | null;
  object: { trackId: number; label: string; box: number[] } | null;
}

/** `match` command: returns the exit code (0, or 1 with a message on stderr for bad arguments or files). */
export function runMatchCli(argv: string[], io: CliIo = nodeIo): number {
  try {
    const out = matchFiles(argv, io);
    // One click per line: still one JSON array, easy to diff and grep.
    if (out) io.stdout(out.length === 0 ? "[]\n" : `[\n${out.map((o) => `  ${JSON.stringify(o)}`).join(",\n")}\n]\n`);
    return 0;
  } catch (e) {
    io.stderr(`[match] ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

function matchFiles(argv: string[], io: CliIo): MatchedClickRecord[] | null {
  let values: { clicks?: string; detections?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { clicks: { type: "string" }, detections: { type: "string" }, help: { type: "boolean", short: "h" } }, strict: true }));
  } catch (e) {
    throw new MatchFileError(`${(e as Error).message}\n${MATCH_USAGE}`);
  }
  if (values.help) {
    io.stdout(`${MATCH_USAGE}\n`);
    return null;
  }
  if (!values.clicks || !values.detections) throw new MatchFileError(`--clicks and --detections are required\n${MATCH_USAGE}`);

  const detections = parseDetectionsFile(readText(io, values.detections, "detections file"), values.detections);
  const clicks = parseClicksFile(readText(io, values.clicks, "clicks file"), values.clicks);
  const index = indexFromDetections(detections);

  const own = baseVideoId(detections.videoId);
  const others = new Set(clicks.map((c) => baseVideoId(c.videoId)).filter((id) => id !== own));
  if (others.size > 0) io.stderr(`[match] warning: clicks on ${[...others].join(", ")} matched against the detections of ${detections.videoId}\n`);

  return clicks.map((c) => {
    const r = matchPlayerClick(index, { ...c, timestampS: c.timestamp });
    return {
      x: c.x,
      y: c.y,
      timestamp: c.timestamp,
      videoId: c.videoId,
      frameIndex: r.frameIndex,
      ptsMs: r.ptsMs,
      object: r.match ? { trackId: r.match.trackId, label: r.match.label, box: r.match.box.map(round2) } : null,
    };
  });
}

function readText(io: CliIo, path: string, what: string): string {
  try {
    return io.readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new MatchFileError(`${what} ${path}: ${code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
}

/** The id before any `&list=…&index=…` the watch URL carried. */
function baseVideoId(id: string): string {
  return id.split("&")[0] ?? id;
}

// Interpolated boxes carry long fractions; two decimals of a pixel is plenty in a report.
function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
