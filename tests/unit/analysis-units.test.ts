import { describe, expect, it } from "vitest";
import { drawLabelledBox, fillRect, strokeRect, textWidth, trackColor } from "@/lib/analysis/draw";
import { historyKind, runRow } from "@/lib/analysis/history";
import { detectionsName, runOutputKeys } from "@/lib/analysis/outputs";
import { formatDuration, progressLine } from "@/lib/analysis/progress-bar";
import { ptsExpression, ptsOfFrame, ptsRuns } from "@/lib/analysis/pts-expr";
import { planRelinks, spatialIou, temporalIou, type SpanTrack } from "@/lib/analysis/relink";
import { DEFAULT_FPS, resolveAnalysisFps, videoIdFromFileName } from "@/lib/analysis/run";
import { boxesByTrack, detectionsDocumentSchema, type DetectionsDocument } from "@/lib/analysis/schema";
import { resetEnvForTests } from "@/lib/env";

/** Evaluates the setpts expression the way ffmpeg would, for the subset it uses (if, lt, + - *). */
function evalExpr(expr: string, N: number): number {
  const js = expr.replace(/if\(/g, "iff(").replace(/lt\(/g, "lt(");
  const fn = new Function("N", "iff", "lt", `return ${js};`) as (n: number, i: (c: number, a: number, b: number) => number, l: (a: number, b: number) => number) => number;
  return fn(N, (c, a, b) => (c ? a : b), (a, b) => (a < b ? 1 : 0));
}

describe("setpts expression", () => {
  it("splits pts into runs of constant spacing", () => {
    expect(ptsRuns([0, 10, 20, 35, 45, 55, 56])).toEqual([
      { n: 0, pts: 0, step: 10 },
      { n: 3, pts: 35, step: 10 },
      { n: 6, pts: 56, step: 0 },
    ]);
    expect(ptsRuns([7])).toEqual([{ n: 0, pts: 7, step: 0 }]);
    expect(ptsRuns([])).toEqual([]);
  });

  it("gives every frame its exact pts (CFR is one leaf, VFR a balanced tree)", () => {
    expect(ptsExpression([0, 3000, 6000, 9000])).toBe("0+N*3000");
    const vfr: number[] = [0];
    let seed = 7;
    for (let i = 1; i < 3000; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      vfr.push((vfr[i - 1] as number) + 1500 + (seed % 4 === 0 ? 1501 : 0) + (seed % 97 === 0 ? 90000 : 0));
    }
    const expr = ptsExpression(vfr);
    for (let n = 0; n < vfr.length; n++) {
      expect(evalExpr(expr, n)).toBe(vfr[n]);
      expect(ptsOfFrame(vfr, n)).toBe(vfr[n]);
    }
    // Depth stays logarithmic: the nesting of if( is bounded by log2(runs) + 1.
    let depth = 0;
    let max = 0;
    for (const ch of expr) {
      if (ch === "(") max = Math.max(max, ++depth);
      else if (ch === ")") depth--;
    }
    expect(max).toBeLessThan(2 * Math.ceil(Math.log2(ptsRuns(vfr).length)) + 6);
  });

  it("refuses pts that are not increasing integers", () => {
    expect(() => ptsExpression([0, 10, 10])).toThrow(/increase/);
    expect(() => ptsExpression([0, 10.5])).toThrow(/integers/);
  });
});

const track = (label: string, firstMs: number, lastMs: number, box: [number, number, number, number], step = 200, dx = 0): SpanTrack => {
  const boxes = [];
  for (let t = firstMs; t <= lastMs + 1e-9; t += step) boxes.push({ ptsMs: t, box: [box[0] + dx * (t - firstMs), box[1], box[2], box[3]] as [number, number, number, number] });
  return { label, firstMs, lastMs, boxes };
};

describe("relinking products on a re-run", () => {
  it("scores time overlap and box overlap", () => {
    const a = track("dog", 0, 4000, [0, 0, 100, 100]);
    expect(temporalIou(a, track("dog", 2000, 6000, [0, 0, 100, 100]))).toBeCloseTo(2000 / 6000, 6);
    expect(temporalIou(a, track("dog", 5000, 6000, [0, 0, 100, 100]))).toBe(0);
    expect(spatialIou(a, track("dog", 0, 4000, [0, 0, 100, 100], 250))).toBeCloseTo(1, 6);
    expect(spatialIou(a, track("dog", 0, 4000, [300, 0, 100, 100]))).toBe(0);
  });

  it("moves each product to the new track that follows the same object", () => {
    const old = [track("dog", 0, 8000, [0, 100, 120, 200], 200, 0.09), track("person", 2500, 8000, [230, 180, 180, 180])];
    const fresh = [
      track("person", 2400, 8000, [232, 178, 178, 182], 333), // same astronaut, other fps
      track("person", 0, 8000, [500, 0, 60, 60], 333), // another person elsewhere
      track("cat", 100, 7900, [2, 101, 118, 198], 333, 0.09), // the dog, seen as a cat (confusable labels)
    ];
    const links = planRelinks(old, fresh);
    expect(links.map((l) => [l.oldIndex, l.newIndex]).sort()).toEqual([
      [0, 2],
      [1, 0],
    ]);
  });

  it("gives a split object's fragments the product, and drops links that match nothing", () => {
    const old = [track("cup", 0, 8000, [400, 50, 200, 140]), track("dog", 0, 1000, [0, 0, 50, 50])];
    const fresh = [track("cup", 0, 3800, [402, 50, 198, 140]), track("cup", 4400, 8000, [400, 52, 200, 138]), track("bicycle", 0, 1000, [0, 0, 50, 50])];
    const links = planRelinks(old, fresh);
    expect(links.filter((l) => l.oldIndex === 0).map((l) => l.newIndex).sort()).toEqual([0, 1]);
    expect(links.some((l) => l.oldIndex === 1)).toBe(false); // a bicycle is not a dog
  });
});

const doc = (over: Partial<DetectionsDocument> = {}): DetectionsDocument => ({
  videoId: "abcdefghijk",
  width: 640,
  height: 360,
  model: "centernet",
  backend: "wasm",
  analysisFps: 5,
  frames: [
    { index: 0, ptsMs: 0, objects: [{ trackId: 1, label: "dog", score: 0.4, box: [1, 2, 30, 40] }] },
    { index: 6, ptsMs: 200, objects: [{ trackId: 1, label: "dog", score: 0.5, box: [3, 2, 30, 40] }, { trackId: 2, label: "cup", score: 0.3, box: [100, 20, 30, 30] }] },
  ],
  tracks: [
    { trackId: 1, label: "dog", firstMs: 0, lastMs: 200 },
    { trackId: 2, label: "cup", firstMs: 200, lastMs: 200 },
  ],
  ...over,
});

describe("detections document", () => {
  it("accepts a well-formed document and groups boxes per track", () => {
    expect(detectionsDocumentSchema.parse(doc())).toEqual(doc());
    expect(detectionsDocumentSchema.parse(doc({ analysisFps: null, frames: [], tracks: [] })).tracks).toEqual([]);
    const byTrack = boxesByTrack(doc());
    expect(byTrack.get(1)?.map((b) => b.frameIndex)).toEqual([0, 6]);
    expect(byTrack.get(2)?.[0]).toEqual({ frameIndex: 6, ptsMs: 200, box: [100, 20, 30, 30], score: 0.3, observed: true });
  });

  it("refuses unknown tracks, unordered frames, objects outside their track's span and extra keys", () => {
    const bad = (d: unknown) => detectionsDocumentSchema.safeParse(d).success;
    expect(bad(doc({ tracks: [{ trackId: 1, label: "dog", firstMs: 0, lastMs: 200 }] }))).toBe(false);
    expect(bad(doc({ frames: [...doc().frames].reverse() }))).toBe(false);
    expect(bad(doc({ tracks: [{ trackId: 1, label: "dog", firstMs: 0, lastMs: 100 }, { trackId: 2, label: "cup", firstMs: 200, lastMs: 200 }] }))).toBe(false);
    expect(bad({ ...doc(), extra: 1 })).toBe(false);
    expect(bad(doc({ backend: "webgl" as never }))).toBe(false);
  });
});

describe("defaults and names", () => {
  it("picks the analysis fps: request, then ANALYSIS_FPS, then the backend's default", () => {
    resetEnvForTests({ ANALYSIS_FPS: undefined });
    expect(resolveAnalysisFps("wasm")).toBe(DEFAULT_FPS.wasm);
    expect(resolveAnalysisFps("tensorflow-gpu")).toBeNull();
    expect(resolveAnalysisFps("wasm", 2)).toBe(2);
    expect(resolveAnalysisFps("wasm", null)).toBeNull();
    resetEnvForTests({ ANALYSIS_FPS: "3" });
    expect(resolveAnalysisFps("tensorflow-gpu")).toBe(3);
    expect(resolveAnalysisFps("cpu", 7)).toBe(7);
    resetEnvForTests({ ANALYSIS_FPS: undefined });
  });

  it("derives the document's video id from a file name", () => {
    expect(videoIdFromFileName("/x/dQw4w9WgXcQ.mp4")).toBe("dQw4w9WgXcQ");
    expect(videoIdFromFileName("product_demo.mp4")).toBe("product_demo");
    expect(videoIdFromFileName("C:\\clips\\Mein Urlaub (2).MOV")).toBe("Mein-Urlaub-2");
    expect(videoIdFromFileName("../€€€.mp4")).toBe("video");
  });

  it("names stored outputs safely", () => {
    expect(detectionsName("dQw4w9WgXcQ")).toBe("dQw4w9WgXcQ_detections.json");
    expect(detectionsName("-abcdefghij")).toBe("v-abcdefghij_detections.json");
    expect(runOutputKeys({ id: 3, youtubeId: "demo-product" }, 12)).toEqual({
      detections: "videos/3/runs/12/demo-product_detections.json",
      annotated: "videos/3/runs/12/annotated.mp4",
    });
  });

  it("formats the progress line", () => {
    expect(formatDuration(75)).toBe("1:15");
    expect(formatDuration(3725)).toBe("1:02:05");
    expect(formatDuration(Infinity)).toBe("--:--");
    expect(progressLine("analyse", 10, 40, 2, 8)).toBe("analyse   [##------] 10/40 frames  2.0 fps  ETA 0:15");
  });
});

describe("drawing on RGB frames", () => {
  const img = () => ({ data: new Uint8Array(64 * 48 * 3), width: 64, height: 48 });
  const px = (i: { data: Uint8Array; width: number }, x: number, y: number) => Array.from(i.data.subarray((y * i.width + x) * 3, (y * i.width + x) * 3 + 3));

  it("clips rectangles to the frame", () => {
    const i = img();
    fillRect(i, -10, -10, 5, 5, [255, 0, 0]);
    fillRect(i, 60, 40, 100, 100, [0, 255, 0]);
    expect(px(i, 0, 0)).toEqual([255, 0, 0]);
    expect(px(i, 4, 4)).toEqual([255, 0, 0]);
    expect(px(i, 5, 5)).toEqual([0, 0, 0]);
    expect(px(i, 63, 47)).toEqual([0, 255, 0]);
  });

  it("draws an outline, not a filled box", () => {
    const i = img();
    strokeRect(i, [10, 10, 20, 20], 2, [9, 9, 9]);
    expect(px(i, 10, 10)).toEqual([9, 9, 9]);
    expect(px(i, 29, 29)).toEqual([9, 9, 9]);
    expect(px(i, 20, 20)).toEqual([0, 0, 0]);
  });

  it("draws a label tag in the track's colour, inside the frame even at the edges", () => {
    const i = img();
    drawLabelledBox(i, { trackId: 3, label: "dog", box: [50, 0, 14, 20] }, { thickness: 1, scale: 1 });
    const c = trackColor(3);
    expect(textWidth("dog #3", 1)).toBe(35);
    // The tag does not fit above the box: it is drawn at the top, pushed left to stay in the frame.
    expect(px(i, 63, 0)).toEqual([...c]);
    expect(px(i, 64 - 37, 0)).toEqual([...c]);
    expect(trackColor(3)).not.toEqual(trackColor(4));
  });
});

describe("analysis history rows", () => {
  const base = {
    id: 7,
    videoId: 3,
    kind: "objects" as const,
    status: "succeeded" as const,
    models: { detector: "centernet", weights: "w", tracker: "bytetrack" },
    backend: "wasm",
    params: { task: "analyze-video", analysisFps: 2 },
    framesDone: 178,
    framesTotal: 178,
    fps: 30,
    etaSeconds: 0,
    timings: { framesAnalysed: 16, videoFrames: 162, analyseMs: 8000 },
    error: null,
    jobId: "j",
    worker: "host:1:abc",
    heartbeatAt: new Date("2025-01-01T10:01:04Z"),
    resultKey: "videos/3/runs/7/x_detections.json",
    annotatedKey: "videos/3/runs/7/annotated.mp4",
    requestedBy: null,
    startedAt: new Date("2025-01-01T10:00:00Z"),
    finishedAt: new Date("2025-01-01T10:01:05Z"),
    createdAt: new Date("2025-01-01T09:59:59Z"),
    video: { id: 3, youtubeId: "demo-product", title: "Demo" },
  };

  it("shows models, backend, frames analysed, sampling and speed, duration and output links", () => {
    expect(runRow(base)).toMatchObject({
      models: "centernet + bytetrack",
      backend: "wasm",
      frames: "16 of 162 analysed",
      fps: "2 fps · 2.0 frames/s",
      duration: "1:05",
      detectionsUrl: "/api/videos/3/detections?run=7&download=1",
      annotatedUrl: "/api/videos/3/annotated?run=7",
      viewUrl: null,
    });
    expect(runRow({ ...base, params: { analysisFps: null } }).fps).toMatch(/^every frame/);
    // An actions run opens in the in-app viewer.
    expect(runRow({ ...base, kind: "actions" }).viewUrl).toBe("/admin/videos/3/actions?run=7");
  });

  it("shows a failed or running run without links", () => {
    const failed = runRow({ ...base, status: "failed", error: "model file not found", resultKey: null, annotatedKey: null, timings: {} });
    expect(failed).toMatchObject({ error: "model file not found", detectionsUrl: null, annotatedUrl: null, viewUrl: null, frames: "178 / 178" });
    const running = runRow({ ...base, status: "running", finishedAt: null }, new Date("2025-01-01T10:00:30Z").getTime());
    expect(running.duration).toBe("0:30");
    expect(running.detectionsUrl).toBeNull();
    expect(runRow({ ...base, kind: "probe", models: {}, backend: null, timings: {}, fps: null })).toMatchObject({ models: "—", backend: "—", fps: "—" });
  });

  it("filters object analyses by default", () => {
    expect(historyKind(undefined)).toBe("objects");
    expect(historyKind("all")).toBeUndefined();
    expect(historyKind(["probe"])).toBe("probe");
    expect(historyKind("drop table")).toBe("objects");
  });
});
