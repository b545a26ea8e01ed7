import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionsDocumentSchema, actionShares } from "@/lib/people/schema";
import { ffmpegPath } from "@/lib/media/ffmpeg";
import { ptsMsOf } from "@/lib/media/timeline";
import { readTimeline } from "@/lib/media/timeline-read";
import { fixture } from "@/tests/fixtures/derived";
import { runScript } from "../helpers/cli";

// Acceptance: `npm run -s analyze -- pedestrians_vfr.mp4 --actions` on the whole clip (30 s of people
// walking past a fixed camera, VFR): the JSON validates against its zod schema, most person-time is
// walking, the annotated MP4 keeps every source frame at its exact pts, and one of its frames is saved
// for a person to look at (tests/.tmp/screenshots/actions-pedestrians.png).

const FPS = Number(process.env.ACTIONS_TEST_FPS ?? 4);
let dir: string;

const runCli = (args: string[]) => runScript("scripts/analyze.ts", args);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "fc-actions-ped-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("people and actions on the pedestrian clip", () => {
  it("refuses a bad --pose-model, and --pose-model without --actions (exit 2, usage)", async () => {
    const src = fixture("pedestrians_vfr.mp4");
    const bad = await runCli([src, "--actions", "--out", dir, "--pose-model", "blazepose"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--pose-model must be one of movenet-lightning, movenet-thunder, movenet-multipose/);
    expect(bad.stderr).toMatch(/usage: .*--actions/);
    const lone = await runCli([src, "--out", dir, "--pose-model", "movenet-thunder"]);
    expect(lone.code).toBe(2);
    expect(lone.stderr).toMatch(/--pose-model needs --actions/);
  }, 60_000);

  it("labels most person-time walking; JSON valid; annotated MP4 at the source's pts", async () => {
    const src = fixture("pedestrians_vfr.mp4");
    const out = path.join(dir, "out");
    const r = await runCli([src, "--actions", "--out", out, "--fps", String(FPS)]);
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    const summary = JSON.parse(r.stdout.trim().split("\n").at(-1) as string) as Record<string, unknown>;
    console.log(`summary: ${JSON.stringify(summary)}`);
    expect(summary.actions).toBe(path.join(out, "pedestrians_vfr_actions.json"));

    const doc = actionsDocumentSchema.parse(JSON.parse(fs.readFileSync(summary.actions as string, "utf8")));
    expect(doc).toMatchObject({ videoId: "pedestrians_vfr", width: 768, height: 576, analysisFps: FPS, models: { pose: "movenet-lightning", actions: "keypoint-rules-v1" } });
    expect(doc.tracks.length).toBeGreaterThanOrEqual(5);
    const shares = actionShares(doc);
    console.log(`share of person-time per action: ${shares.map((s) => `${s.action} ${(s.share * 100).toFixed(1)}% (${s.seconds} s)`).join(", ")}`);
    const share = (a: string) => shares.find((s) => s.action === a)?.share ?? 0;
    expect(share("walking")).toBeGreaterThan(0.5);
    expect(Math.max(...shares.map((s) => s.share))).toBe(share("walking"));
    // Nobody sits or falls in this clip.
    expect(share("sitting") + share("falling")).toBeLessThan(0.05);

    // Poses lie on analysed frames with their exact pts.
    const t = await readTimeline(src);
    for (const f of doc.frames) expect(f.ptsMs).toBe(ptsMsOf(t, f.index));

    const mp4 = summary.annotated as string;
    const a = await readTimeline(mp4);
    expect(a.frameCount).toBe(t.frameCount);
    for (let i = 0; i < t.frameCount; i++) expect(ptsMsOf(a, i)).toBe(ptsMsOf(t, i));
    const shots = path.resolve("tests/.tmp/screenshots");
    fs.mkdirSync(shots, { recursive: true });
    execFileSync(ffmpegPath(), ["-v", "error", "-ss", "22", "-i", mp4, "-frames:v", "1", "-y", path.join(shots, "actions-pedestrians.png")]);
    expect(fs.statSync(path.join(shots, "actions-pedestrians.png")).size).toBeGreaterThan(10_000);
  }, 600_000);
});
