import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { runMatchCli, type CliIo } from "@/lib/match/cli";
import { indexFromDetections, MatchFileError, parseClicksFile, parseDetectionsFile, type DetectionsFile } from "@/lib/match/files";
import { matchPlayerClick } from "@/lib/match/engine";

// A small analysis: 640×360, every 3rd frame of a 30 fps video analysed; a person and a cup inside it.
function makeDetections(): DetectionsFile {
  const frames: DetectionsFile["frames"] = [];
  for (let k = 0; k < 10; k++) {
    const index = k * 3;
    const ptsMs = (index * 1000) / 30;
    frames.push({
      index,
      ptsMs,
      objects: [
        { trackId: 1, label: "person", score: 0.8, box: [100 + k * 10, 50, 120, 280] },
        ...(k < 5 ? [{ trackId: 2, label: "cup", score: 0.4, box: [130 + k * 10, 150, 30, 30] as [number, number, number, number] }] : []),
      ],
    });
  }
  return {
    videoId: "dQw4w9WgXcQ",
    width: 640,
    height: 360,
    model: "centernet",
    backend: "wasm",
    analysisFps: 10,
    frames,
    tracks: [
      { trackId: 1, label: "person", firstMs: 0, lastMs: frames[9]!.ptsMs },
      { trackId: 2, label: "cup", firstMs: 0, lastMs: frames[4]!.ptsMs },
    ],
  };
}

const clicks = [
  // Video pixels, on the cup inside the person at frame 0.
  { x: 145, y: 165, timestamp: 0, videoId: "dQw4w9WgXcQ" },
  // 0.15 s: frames analysed at 0, 100, 200 ms → the frame at 100 (index 3); person at x 110..230.
  { x: 200, y: 300, timestamp: 0.15, videoId: "dQw4w9WgXcQ&list=PL1234567890&index=2" },
  // Player pixels: 640×360 letterboxed in 800×600 (picture at y 75..525, scale 1.25); (200, 300) → video (160, 180).
  { x: 200, y: 300, timestamp: 0, videoId: "dQw4w9WgXcQ", playerWidth: 800, playerHeight: 600 },
  // The black bar above the picture.
  { x: 200, y: 20, timestamp: 0, videoId: "dQw4w9WgXcQ", playerWidth: 800, playerHeight: 600, videoWidth: 640, videoHeight: 360 },
  // Empty background.
  { x: 600, y: 20, timestamp: 0.5, videoId: "dQw4w9WgXcQ" },
];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "framecart-match-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function memIo(files: Record<string, string>) {
  const out = { stdout: "", stderr: "" };
  const io: CliIo = {
    readFile: (p) => {
      const f = files[p];
      if (f === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: "ENOENT" });
      return f;
    },
    stdout: (t) => (out.stdout += t),
    stderr: (t) => (out.stderr += t),
  };
  return { io, out };
}

describe("detections file", () => {
  it("parses and indexes: the timeline is the analysed frames, frame indices are the file's", () => {
    const file = parseDetectionsFile(JSON.stringify(makeDetections()));
    const index = indexFromDetections(file);
    expect(index.trackCount).toBe(2);
    const r = matchPlayerClick(index, { x: 200, y: 300, timestampS: 0.15 });
    expect(r).toMatchObject({ frameIndex: 3, ptsMs: 100, match: { trackId: 1, label: "person", box: [110, 50, 120, 280] } });
  });

  it("refuses bad files with zod's messages, naming the file and the field", () => {
    expect(() => parseDetectionsFile("{not json", "x_detections.json")).toThrow(/x_detections.json: not valid JSON/);
    const noWidth: Record<string, unknown> = { ...makeDetections() };
    delete noWidth.width;
    expect(() => parseDetectionsFile(JSON.stringify(noWidth))).toThrow(/width/);
    const badBox = makeDetections();
    (badBox.frames[2]!.objects[0]!.box as unknown as number[]) = [1, 2, 3];
    expect(() => parseDetectionsFile(JSON.stringify(badBox))).toThrow(/frames\[2\]\.objects\[0\]\.box|frames\.2\.objects\.0\.box/);
    const unordered = makeDetections();
    unordered.frames[4]!.ptsMs = 0;
    expect(() => parseDetectionsFile(JSON.stringify(unordered))).toThrow(/display order/);
    const negative = makeDetections();
    negative.frames[0]!.objects[0]!.box[2] = -5;
    expect(() => parseDetectionsFile(JSON.stringify(negative))).toThrow(MatchFileError);
  });
});

describe("clicks file", () => {
  it("parses the original format, optional sizes included", () => {
    expect(parseClicksFile(JSON.stringify(clicks))).toHaveLength(clicks.length);
  });

  it("refuses bad clicks", () => {
    expect(() => parseClicksFile(JSON.stringify({ x: 1 }))).toThrow(/expected array/i);
    expect(() => parseClicksFile(JSON.stringify([{ x: 1, y: 2, timestamp: -1, videoId: "a" }]))).toThrow(/Must not be negative[\s\S]*at \[0\]\.timestamp/);
    expect(() => parseClicksFile(JSON.stringify([{ x: 1, y: 2, timestamp: 1 }]))).toThrow(/videoId/);
    expect(() => parseClicksFile(JSON.stringify([{ x: "1", y: 2, timestamp: 1, videoId: "a" }]))).toThrow(/x/);
    expect(() => parseClicksFile(JSON.stringify([{ x: 1, y: 2, timestamp: 1, videoId: "a", playerWidth: 100 }]))).toThrow(/come together/);
  });
});

describe("match CLI", () => {
  it("reports usage and file errors with exit code 1", () => {
    const { io, out } = memIo({ "c.json": JSON.stringify(clicks), "bad.json": "[1]", "d.json": JSON.stringify(makeDetections()) });
    expect(runMatchCli([], io)).toBe(1);
    expect(out.stderr).toMatch(/--clicks and --detections are required/);
    expect(runMatchCli(["--clicks", "c.json", "--detections", "missing.json"], io)).toBe(1);
    expect(out.stderr).toMatch(/detections file missing.json: no such file/);
    expect(runMatchCli(["--clicks", "bad.json", "--detections", "d.json"], io)).toBe(1);
    expect(out.stderr).toMatch(/bad.json: does not fit the expected format/);
    expect(runMatchCli(["--clicks", "c.json", "--detections", "d.json", "--oops"], io)).toBe(1);
    expect(out.stderr).toMatch(/oops/);
    expect(out.stdout).toBe("");
  });

  it("warns about clicks on another video", () => {
    const { io, out } = memIo({ "c.json": JSON.stringify([{ x: 1, y: 1, timestamp: 0, videoId: "other" }]), "d.json": JSON.stringify(makeDetections()) });
    expect(runMatchCli(["--clicks", "c.json", "--detections", "d.json"], io)).toBe(0);
    expect(out.stderr).toMatch(/warning: clicks on other/);
    expect(JSON.parse(out.stdout)).toHaveLength(1);
    const empty = memIo({ "c.json": "[]", "d.json": JSON.stringify(makeDetections()) });
    expect(runMatchCli(["--clicks", "c.json", "--detections", "d.json"], empty.io)).toBe(0);
    expect(empty.out.stdout).toBe("[]\n");
  });

  it("end to end: npx tsx scripts/match.ts prints one element per click, in order", async () => {
    const dPath = path.join(tmp, "dQw4w9WgXcQ_detections.json");
    const cPath = path.join(tmp, "user_127.0.0.1_dQw4w9WgXcQ.json");
    fs.writeFileSync(dPath, JSON.stringify(makeDetections()));
    fs.writeFileSync(cPath, JSON.stringify(clicks));
    const { stdout, stderr } = await promisify(execFile)("npx", ["tsx", "scripts/match.ts", "--clicks", cPath, "--detections", dPath], { cwd: process.cwd(), timeout: 60_000 });
    // npx may print its own config warnings; the script itself must say nothing.
    expect(stderr).not.toMatch(/\[match\]/);
    const out = JSON.parse(stdout) as unknown[];
    expect(out).toEqual([
      { x: 145, y: 165, timestamp: 0, videoId: "dQw4w9WgXcQ", frameIndex: 0, ptsMs: 0, object: { trackId: 2, label: "cup", box: [130, 150, 30, 30] } },
      { x: 200, y: 300, timestamp: 0.15, videoId: "dQw4w9WgXcQ&list=PL1234567890&index=2", frameIndex: 3, ptsMs: 100, object: { trackId: 1, label: "person", box: [110, 50, 120, 280] } },
      { x: 200, y: 300, timestamp: 0, videoId: "dQw4w9WgXcQ", frameIndex: 0, ptsMs: 0, object: { trackId: 2, label: "cup", box: [130, 150, 30, 30] } },
      { x: 200, y: 20, timestamp: 0, videoId: "dQw4w9WgXcQ", frameIndex: 0, ptsMs: 0, object: null },
      { x: 600, y: 20, timestamp: 0.5, videoId: "dQw4w9WgXcQ", frameIndex: 15, ptsMs: 500, object: null },
    ]);
  });
});
