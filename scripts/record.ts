// npm run record -- RTSP_URL --to s3://bucket/prefix|DIR [--seconds N] [--segment-seconds S] [--id NAME] [--retries N]
//                   [--live-out DIR [--live-fps N] [--no-gate]]
// --live-out: live detection while recording (one ffmpeg, two outputs): DIR/detections.jsonl, events.json, snapshots/.
// Records an RTSP stream (stream copy) into fMP4 segments uploaded while recording, with
// <id>/index.json beside them. Ctrl-C stops gracefully (the last segment is finalised).
// Prints the final index as one JSON line.
import { parseArgs } from "node:util";
import { recordWithLiveDetection } from "@/lib/live/record-live";
import { Recorder } from "@/lib/recordings/recorder";
import { parseTarget } from "@/lib/recordings/target";

const USAGE =
  "usage: npm run record -- RTSP_URL --to s3://bucket/prefix|DIR [--seconds N] [--segment-seconds S] [--id NAME] [--retries N] [--live-out DIR [--live-fps N] [--no-gate]]";

function fail(message: string, code: number): never {
  console.error(`record: ${message}`);
  if (code === 2) console.error(USAGE);
  process.exit(code);
}

function positive(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n) || n <= 0) fail(`--${name} must be a positive number, got ${JSON.stringify(v)}`, 2);
  return n;
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        to: { type: "string" },
        seconds: { type: "string" },
        "segment-seconds": { type: "string" },
        id: { type: "string" },
        retries: { type: "string" },
        "live-out": { type: "string" },
        "live-fps": { type: "string" },
        "no-gate": { type: "boolean" },
      },
    });
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e), 2);
  }
  const { values, positionals } = parsed;
  const [source, ...extra] = positionals;
  if (!source) fail("missing RTSP_URL", 2);
  if (extra.length) fail(`unexpected argument ${JSON.stringify(extra[0])}`, 2);
  if (!/^rtsps?:\/\//i.test(source)) fail(`not an rtsp:// URL: ${JSON.stringify(source)}`, 2);
  if (!values.to) fail("missing --to s3://bucket/prefix or DIR", 2);
  const id = values.id ?? `rec-${new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "")}`;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(id) || id.includes("..")) fail(`--id must be letters, digits, . _ -`, 2);
  let target;
  try {
    target = parseTarget(values.to);
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e), 2);
  }
  const retries = values.retries === undefined ? undefined : Number(values.retries);
  if (retries !== undefined && !(Number.isInteger(retries) && retries >= 0)) fail(`--retries must be a whole number ≥ 0, got ${JSON.stringify(values.retries)}`, 2);
  const options = {
    source,
    target,
    id,
    seconds: positive("seconds", values.seconds),
    segmentSeconds: positive("segment-seconds", values["segment-seconds"]),
    retries,
    log: (l: string) => console.error(l),
  };
  if (values["live-fps"] !== undefined && !values["live-out"]) fail("--live-fps needs --live-out", 2);
  if (values["live-out"]) {
    const liveOut = values["live-out"];
    let rec: Recorder | undefined;
    let stops = 0;
    const onStop = () => {
      if (++stops > 1) process.exit(130);
      rec?.stop();
    };
    process.on("SIGINT", onStop);
    process.on("SIGTERM", onStop);
    const r = await recordWithLiveDetection({ ...options, liveOut, fps: positive("live-fps", values["live-fps"]), gate: !values["no-gate"] }, (x) => {
      rec = x;
      if (stops > 0) x.stop();
    });
    console.log(JSON.stringify({ ...r.index, live: r.live }));
    process.exit(r.index.state === "failed" ? 1 : 0);
  }
  const recorder = new Recorder(options);
  let signals = 0;
  const onSignal = () => {
    if (++signals > 1) process.exit(130);
    console.error("record: stopping (the last segment is being finalised; Ctrl-C again to abort)");
    recorder.stop();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  console.error(`record: ${id} → ${target.label}/${id}/`);
  const index = await recorder.run();
  console.log(JSON.stringify(index));
  process.exit(index.state === "failed" ? 1 : 0);
}

main().catch((e: unknown) => fail(e instanceof Error ? e.message : String(e), 1));
