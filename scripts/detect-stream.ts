// npm run -s detect-stream -- RTSP_URL --out DIR [--seconds N] [--fps N] [--width N] [--no-gate]
//                                    [--model centernet|nanodet] [--backend B] [--workers N] [--tiles] [--track-buffer S]
// Live detection and tracking on an RTSP stream: DIR/detections.jsonl (one line per analysed frame),
// DIR/events.json (one event per confirmed track) and DIR/snapshots/*.jpg; Ctrl-C stops cleanly.
// Prints a one-line JSON summary on stdout (also DIR/summary.json). No database needed.
import { parseArgs } from "node:util";
import type { BackendRequest } from "@/lib/detect/backend";
import { detectStream } from "@/lib/live/detect-stream";

const USAGE = "usage: npm run -s detect-stream -- RTSP_URL --out DIR [--seconds N] [--fps N] [--width N] [--no-gate] [--model centernet|nanodet] [--backend auto|wasm|tensorflow|tensorflow-gpu|cpu] [--workers N] [--tiles] [--track-buffer SECONDS]";

function fail(message: string): never {
  console.error(`detect-stream: ${message}\n${USAGE}`);
  process.exit(2);
}

function num(v: string | undefined, name: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!(Number.isFinite(n) && n >= min && n <= max)) fail(`--${name} must be a number in [${min}, ${max}], got ${v}`);
  return n;
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: "string" }, seconds: { type: "string" }, fps: { type: "string" }, width: { type: "string" },
      "no-gate": { type: "boolean" }, model: { type: "string" }, backend: { type: "string" }, workers: { type: "string" },
      tiles: { type: "boolean" }, "track-buffer": { type: "string" },
    },
  });
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}
const { values, positionals } = parsed;
const [url, ...extra] = positionals;
if (!url || !/^rtsps?:\/\//.test(url)) fail("missing RTSP_URL (rtsp://…)");
if (extra.length) fail(`unexpected argument ${JSON.stringify(extra[0])}`);
if (!values.out) fail("missing --out DIR");
if (values.model !== undefined && !["centernet", "nanodet"].includes(values.model)) fail("--model must be centernet or nanodet");
if (values.backend !== undefined && !["auto", "wasm", "tensorflow", "tensorflow-gpu", "cpu"].includes(values.backend)) fail("bad --backend");
const width = num(values.width, "width", 64, 4096);
const trackBuffer = num(values["track-buffer"], "track-buffer", 0, 3600);

const controller = new AbortController();
process.once("SIGINT", () => controller.abort());
process.once("SIGTERM", () => controller.abort());
const summary = await detectStream({
  url,
  outDir: values.out,
  seconds: num(values.seconds, "seconds", 0.1, 1e7),
  fps: num(values.fps, "fps", 0.1, 60),
  ...(width !== undefined ? { width: Math.round(width / 2) * 2 } : {}),
  gate: !values["no-gate"],
  ...(values.model ? { model: values.model as "centernet" | "nanodet" } : {}),
  backend: (values.backend ?? "wasm") as BackendRequest,
  workers: num(values.workers, "workers", 1, 64),
  tiles: values.tiles === true,
  ...(trackBuffer !== undefined ? { trackBufferMs: trackBuffer * 1000 } : {}),
  signal: controller.signal,
  log: (l) => console.error(`detect-stream: ${l}`),
});
console.log(JSON.stringify(summary));
