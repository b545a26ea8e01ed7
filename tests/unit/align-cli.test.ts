import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBarcode } from "@/tests/fixtures/barcode";
import { fixture, readTruth } from "@/tests/fixtures/derived";
import { runScript } from "../helpers/cli";

// `npm run -s align` end to end: one JSON line on stdout, the PNG in --out, and clear errors.

let dir: string;
const A = fixture("scene-a.mp4");
const B = fixture("scene-b.mp4");

const runCli = (args: string[]) => runScript("scripts/align.ts", args);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "fc-align-cli-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("npm run align", () => {
  it("prints one JSON line and writes side-by-side-<ms>.png showing both frames", async () => {
    const out = path.join(dir, "out");
    const r = await runCli([A, B, "--at", "2000", "--out", out, "--offset", "700"]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const json = JSON.parse(lines[0] as string) as { a: { index: number; ptsMs: number; skipped: number }; b: { index: number; skipped: number }; offsetMs: number };
    const ta = readTruth("scene-a.mp4").frames;
    const tb = readTruth("scene-b.mp4").frames;
    const ia = ta.findLastIndex((f) => f.ptsMs <= 2000);
    const ib = tb.findLastIndex((f) => f.ptsMs <= 1300);
    expect(json).toMatchObject({ a: { index: ia, skipped: ia, ptsMs: ta[ia]!.ptsMs }, b: { index: ib, skipped: ib }, offsetMs: 700 });
    const png = path.join(out, "side-by-side-2000.png");
    const read = async (left: number) => {
      const { data, info } = await sharp(png).extract({ left, top: 0, width: 320, height: 240 }).raw().toBuffer({ resolveWithObject: true });
      return readBarcode(data, info.width, info.height, info.channels);
    };
    expect([await read(0), await read(328)]).toEqual([ta[ia]!.content, tb[ib]!.content]);
  }, 60_000);

  it("--offset auto prints the estimate and its confidence", async () => {
    const r = await runCli([A, B, "--at", "1000", "--out", dir, "--offset", "auto"]);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { offsetMs: number; offset: { mode: string; confidence: number; toleranceMs: number } };
    expect(json.offset.mode).toBe("auto");
    expect(Math.abs(json.offsetMs - 700)).toBeLessThanOrEqual(json.offset.toleranceMs);
    expect(json.offset.confidence).toBeGreaterThan(0.2);
    expect(fs.existsSync(path.join(dir, "side-by-side-1000.png"))).toBe(true);
  }, 60_000);

  it("fails clearly: missing file, not a video, ms out of range (exit 1); bad arguments (exit 2, usage)", async () => {
    const missing = await runCli([A, path.join(dir, "nope.mp4"), "--at", "0", "--out", dir]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^align: Not a video: .*nope\.mp4: file not found/);
    const text = path.join(dir, "notes.mp4");
    fs.writeFileSync(text, "not a video\n".repeat(100));
    const nv = await runCli([text, B, "--at", "0", "--out", dir]);
    expect(nv.code).toBe(1);
    expect(nv.stderr).toMatch(/Not a video: .*notes\.mp4/);
    const range = await runCli([A, B, "--at", "5000", "--out", dir, "--offset", "700"]);
    expect(range.code).toBe(1);
    expect(range.stderr).toMatch(/ms 5000 is out of range: A spans 0–3768\.5 ms and B 700–4592\.556 ms on A's clock/);
    const bad = await runCli([A, B, "--at", "soon", "--out", dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--at must be a number of ms[\s\S]*usage: npm run -s align/);
    const one = await runCli([A, "--at", "0", "--out", dir]);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/need two videos/);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith(".png"))).toEqual(["side-by-side-1000.png"]);
  }, 60_000);
});
