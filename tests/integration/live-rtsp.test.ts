import { spawn } from "node:child_process";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import type { LiveEvent } from "@/lib/live/events";
import type { DetectStreamSummary } from "@/lib/live/detect-stream";
import { fixture } from "@/tests/fixtures/derived";
import { startRtspServer, type RtspServer } from "@/tests/helpers/rtsp-server";

// Acceptance for live detection: GStreamer's RTSP server serves pedestrians_vfr.mp4 (768×576 H.264
// with B-frames, VFR) in real time; `detect-stream` runs as the CLI, in its own process, at 5 fps.
// Twenty seconds after its first line the server is killed (the camera drops), restarted on the same
// port 3 s later; the CLI reconnects and goes on; Ctrl-C (SIGINT) ends it and its files are complete.
// The latency bounds (p50 ≤ 1 s, p95 ≤ 2 s) and "5 fps analysed" need the detector to keep up: they are
// measured by `npm run bench:live` (no timed assertions in tests); this test prints them with the load and
// checks everything that holds under any load.

const FPS = 5;
const ROOT = path.resolve(import.meta.dirname, "../..");
let server: RtspServer | undefined;
let tmp: string | undefined;

afterAll(async () => {
  await server?.kill();
  if (tmp) await fsp.rm(tmp, { recursive: true, force: true });
});

type Line = { ptsMs: number; wallClockMs: number; run: number; clock: string; detector: string; latencyMs: number; objects: { trackId: number; label: string; score: number; box: number[] }[] };
type Gap = { gap: { afterRun: number; fromWallClockMs: number; toWallClockMs: number; ms: number; reason: string } };

const readLines = (file: string) =>
  fs.existsSync(file)
    ? fs.readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>)
    : [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntil(what: string, ms: number, fn: () => boolean): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe("detect-stream on a live RTSP stream (GStreamer RTSP server → ffmpeg → detector pool → tracker)", () => {
  it("writes 5 fps of tracked detections, events with snapshots, and survives a 3 s drop with a gap", async () => {
    const load0 = os.loadavg()[0] ?? 0;
    server = await startRtspServer(fixture("pedestrians_vfr.mp4"));
    const port = server.port;
    tmp = await fsp.mkdtemp(path.join(os.tmpdir(), "fc-live-"));
    const out = path.join(tmp, "out");
    const jsonl = path.join(out, "detections.jsonl");
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/detect-stream.ts", server.url, "--out", out, "--fps", String(FPS), "--workers", "2"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    const exited = new Promise<number | null>((r) => child.on("close", (code) => r(code)));
    try {
      await waitUntil("the first analysed frame", 90_000, () => readLines(jsonl).some((l) => "ptsMs" in l));
      await sleep(20_000);
      await server.kill(); // the camera drops mid-stream
      await sleep(3000);
      server = await startRtspServer(fixture("pedestrians_vfr.mp4"), port);
      await waitUntil("frames after the drop", 60_000, () => readLines(jsonl).some((l) => l.run === 1));
      await sleep(8000);
    } finally {
      child.kill("SIGINT"); // Ctrl-C: the files are finished, the summary printed
    }
    expect(await exited).toBe(0);
    const load1 = os.loadavg()[0] ?? 0;
    const summary = JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as DetectStreamSummary;
    const all = readLines(jsonl);
    const header = all[0]?.header as Record<string, unknown> | undefined;
    const lines = all.filter((l) => "ptsMs" in l) as unknown as Line[];
    const gaps = all.filter((l) => "gap" in l) as unknown as Gap[];
    const run0 = lines.filter((l) => l.run === 0);
    const run1 = lines.filter((l) => l.run === 1);
    const span = (ls: Line[]) => ((ls[ls.length - 1]?.ptsMs ?? 0) - (ls[0]?.ptsMs ?? 0)) / 1000;
    const lat = lines.map((l) => l.latencyMs).sort((a, b) => a - b);
    const pct = (p: number) => lat[Math.min(lat.length - 1, Math.ceil((p / 100) * lat.length) - 1)] ?? NaN;
    const run0Fps = (run0.length - 1) / span(run0);
    console.log(
      `live: load ${load0.toFixed(2)} → ${load1.toFixed(2)} (1-min, 2 cores); run 0: ${run0.length} lines over ${span(run0).toFixed(1)} s = ${run0Fps.toFixed(2)} fps analysed; ` +
        `received ${summary.stats.received}, analysed ${summary.stats.analysed}, dropped ${summary.stats.dropped}, detector runs ${summary.stats.detectorRuns} (${summary.stats.regionRuns} regions, ${summary.stats.skipped} skipped); ` +
        `latency p50 ${pct(50)} ms, p95 ${pct(95)} ms, max ${lat[lat.length - 1]} ms (rtcp share ${summary.latencyMs.rtcpShare}); gap ${gaps[0]?.gap.ms} ms; events ${summary.events}; CPU node ${summary.cpuMs.node} ms, ffmpeg ${summary.cpuMs.ffmpeg} ms`,
    );
    if (!lines.length) console.log(stderr);

    // Header: where the wall clock comes from. Lines: the format the issue asks for.
    expect(header?.fps).toBe(FPS);
    expect(String(header?.wallClock)).toMatch(/rtcp.*RTCP sender reports.*host/);
    for (const l of lines) {
      expect(typeof l.ptsMs).toBe("number");
      expect(l.wallClockMs).toBeGreaterThan(Date.parse("2020-01-01"));
      for (const o of l.objects) expect(o.box).toHaveLength(4);
    }
    // GStreamer sends a sender report within a few seconds: from then on the wall clock is the source's.
    expect(lines.some((l) => l.clock === "rtcp")).toBe(true);
    expect(lines.filter((l) => l.clock === "rtcp").every((l, i, a) => i === 0 || l.wallClockMs >= (a[i - 1]?.wallClockMs ?? 0) || l.run !== a[i - 1]?.run)).toBe(true);

    // Frames come at the analysis rate: ffmpeg lets one per 200 ms slot through (± 10 %), and each is
    // analysed or counted as dropped, never queued.
    const receivedFps = summary.stats.received / (summary.streamSeconds + summary.runs / FPS);
    expect(receivedFps).toBeGreaterThan(FPS * 0.9);
    expect(receivedFps).toBeLessThan(FPS * 1.1);
    expect(summary.stats.analysed + summary.stats.dropped).toBe(summary.stats.received);
    expect(lines.length).toBe(summary.stats.analysed);

    // People are tracked, in both runs, and become events with JPEG snapshots of their best frame.
    const people = (ls: Line[]) => new Set(ls.flatMap((l) => l.objects.filter((o) => o.label === "person").map((o) => o.trackId)));
    expect(people(run0).size).toBeGreaterThanOrEqual(2);
    expect(people(run1).size).toBeGreaterThanOrEqual(1);
    const events = (JSON.parse(await fsp.readFile(path.join(out, "events.json"), "utf8")) as { events: LiveEvent[] }).events;
    expect(events.length).toBe(summary.events);
    const personEvents = events.filter((e) => e.label === "person");
    expect(personEvents.length).toBeGreaterThanOrEqual(1);
    for (const e of events) {
      expect(e.endWallClockMs).toBeGreaterThanOrEqual(e.startWallClockMs);
      const meta = await sharp(path.join(out, e.snapshot)).metadata();
      expect(meta.format).toBe("jpeg");
      expect(meta.width).toBe(640);
    }

    // The drop: the gap is in the output, between the runs, about as long as the outage (+ reconnect backoff).
    expect(summary.runs).toBe(2);
    expect(gaps).toHaveLength(1);
    const g = gaps[0]?.gap;
    expect(g?.afterRun).toBe(0);
    expect(g?.ms).toBeGreaterThanOrEqual(3000);
    expect(g?.ms).toBeLessThan(15_000);
    expect(g?.fromWallClockMs).toBeLessThan(run1[0]?.wallClockMs ?? 0);
    const gapAt = all.findIndex((l) => "gap" in l);
    expect(all.slice(gapAt + 1).filter((l) => "ptsMs" in l).every((l) => l.run === 1)).toBe(true);
    expect(span(run1)).toBeGreaterThan(5);

    // Timing (5 fps analysed, latency p50 ≤ 1 s / p95 ≤ 2 s) is measured by `npm run bench:live`, not
    // asserted here: tests run beside other test files on a shared machine. The figures are printed above.
  }, 300_000);
});
