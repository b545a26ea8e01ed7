import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectionsDocumentSchema } from "@/lib/analysis/schema";
import { ffmpegPath } from "@/lib/media/ffmpeg";
import { planFrames } from "@/lib/media/frames";
import { ptsMsOf } from "@/lib/media/timeline";
import { readTimeline } from "@/lib/media/timeline-read";
import { fixture } from "@/tests/fixtures/derived";
import { runScript } from "../helpers/cli";

// `npm run -s analyze` end to end on a 2-second cut of the product clip: progress on stderr, one JSON
// line on stdout, the detections file and an annotated MP4 with the clip's exact pts.

let dir: string;
let clip: string;

const runCli = (args: string[]) => runScript("scripts/analyze.ts", args);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "fc-analyze-cli-"));
  clip = path.join(dir, "clip-2s.mp4");
  execFileSync(ffmpegPath(), ["-v", "error", "-i", fixture("product_demo.mp4"), "-t", "2", "-c", "copy", "-an", clip]);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("npm run analyze", () => {
  it("writes <videoId>_detections.json and annotated.mp4 and prints a JSON summary", async () => {
    const out = path.join(dir, "out");
    const r = await runCli([clip, "--out", out, "--fps", "2"]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0] as string) as Record<string, unknown>;
    const src = await readTimeline(clip);
    const planned = planFrames(src, { fps: 2 }).length; // 0, 500, … ms up to the clip's last frame
    expect(planned).toBeGreaterThanOrEqual(4);
    expect(summary).toMatchObject({ videoId: "clip-2s", model: "centernet", analysisFps: 2, framesAnalysed: planned, videoFrames: src.frameCount });
    expect(summary.backend).toMatch(/^(wasm|cpu|tensorflow|tensorflow-gpu)$/);
    expect(r.stderr).toMatch(new RegExp(`analyse +\\[#+\\] ${planned}/${planned} frames .* fps +ETA`));
    expect(r.stderr).toMatch(/annotate +\[#+\] \d+\/\d+ frames/);

    const file = path.join(out, "clip-2s_detections.json");
    expect(summary.detections).toBe(file);
    const doc = detectionsDocumentSchema.parse(JSON.parse(fs.readFileSync(file, "utf8")));
    expect(doc).toMatchObject({ videoId: "clip-2s", width: 640, height: 360, model: "centernet", analysisFps: 2 });
    // The frame on screen at each 500 ms step: the last with pts ≤ the step.
    expect(doc.frames.map((f) => f.index)).toEqual(planFrames(src, { fps: 2 }));
    doc.frames.forEach((f, k) => {
      expect(f.ptsMs).toBeLessThanOrEqual(k * 500);
      expect(ptsMsOf(src, f.index + 1)).toBeGreaterThan(k * 500);
    });
    for (const f of doc.frames) for (const o of f.objects) expect(o.box.every(Number.isFinite)).toBe(true);

    const ann = await readTimeline(path.join(out, "annotated.mp4"));
    expect(ann.frameCount).toBe(src.frameCount);
    for (let i = 0; i < src.frameCount; i++) expect(ptsMsOf(ann, i)).toBe(ptsMsOf(src, i));
    expect(fs.readdirSync(out).sort()).toEqual(["annotated.mp4", "clip-2s_detections.json"]);
  }, 120_000);

  it("refuses bad arguments with usage (exit 2) and a non-video with a clear error (exit 1)", async () => {
    const bad = await runCli([clip, "--out", dir, "--fps", "0"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--fps must be/);
    expect(bad.stderr).toMatch(/usage: npm run -s analyze/);
    const text = path.join(dir, "notes.mp4");
    fs.writeFileSync(text, "not a video at all\n".repeat(100));
    const nv = await runCli([text, "--out", path.join(dir, "nv")]);
    expect(nv.code).toBe(1);
    expect(nv.stderr).toMatch(/Not a video/);
  }, 60_000);
});
