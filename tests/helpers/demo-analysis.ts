import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { analyzeFrames, type AnalysisResult } from "@/lib/detect/analyze";
import type { Detector } from "@/lib/detect/detector";
import { createDetectorPool } from "@/lib/detect/pool";
import type { Detection } from "@/lib/detect/types";
import { decodeFrames } from "@/lib/media";
import { DEFAULT_TRACKER } from "@/lib/track/tracker";

// The real detector on product_demo takes 1–2 min of CPU; its detections are cached on disk, keyed by
// the video's bytes and lib/detect's sources, and the (cheap) tracker runs on them every time.

const MEDIA = "../shared/fixtures/media";
const CACHE_DIR = "tests/.tmp/analysis-cache";

type StoredDetection = Omit<Detection, "feature"> & { feature?: number[] };

function cacheKey(video: string, fps: number): string {
  const h = createHash("sha256").update(readFileSync(video)).update(String(fps));
  // analyze.ts only feeds the tracker: it does not change what the detector finds.
  for (const f of readdirSync("lib/detect").sort()) if (f.endsWith(".ts") && f !== "analyze.ts") h.update(f).update(readFileSync(path.join("lib/detect", f)));
  return h.digest("hex").slice(0, 24);
}

/** Real detections of every sampled frame of a fixture, from the cache or a fresh run of the detector pool. */
export async function fixtureDetections(name: string, fps: number): Promise<{ index: number; ptsMs: number; detections: Detection[] }[]> {
  // A bare name is a shared fixture; a path is any other video (e.g. one a test made).
  const video = name.includes("/") ? name : `${MEDIA}/${name}`;
  const file = path.join(CACHE_DIR, `${path.basename(name)}-${fps}fps-${cacheKey(video, fps)}.json`);
  try {
    const stored = JSON.parse(readFileSync(file, "utf8")) as { index: number; ptsMs: number; detections: StoredDetection[] }[];
    return stored.map((f) => ({ ...f, detections: f.detections.map((d) => ({ ...d, feature: d.feature ? Float32Array.from(d.feature) : undefined })) }));
  } catch {
    // Not cached yet (or unreadable): run the detector.
  }
  const out: { index: number; ptsMs: number; detections: Detection[] }[] = [];
  const pool = await createDetectorPool({ size: 2, backend: "wasm" });
  const pending: { index: number; ptsMs: number; result: Promise<Detection[]> }[] = [];
  try {
    for await (const f of decodeFrames(video, { fps })) {
      // The tracker's low threshold, as analyzeFrames asks for it.
      pending.push({ index: f.index, ptsMs: f.ptsMs, result: pool.detect({ data: f.data, width: f.width, height: f.height }, { minScore: DEFAULT_TRACKER.lowScore, features: true, transfer: true }) });
    }
    for (const p of pending) out.push({ index: p.index, ptsMs: p.ptsMs, detections: await p.result });
  } finally {
    await pool.close();
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(file, JSON.stringify(out.map((f) => ({ ...f, detections: f.detections.map((d) => ({ ...d, feature: d.feature ? Array.from(d.feature) : undefined })) }))));
  return out;
}

/**
 * analyzeFrames' result on a fixture: cached real detections replayed frame by frame through the real
 * tracker, with the real decoded frames (for the visibility cells) unless `pictures` is false.
 */
export async function fixtureAnalysis(name: string, fps: number, pictures = true): Promise<AnalysisResult> {
  const frames = await fixtureDetections(name, fps);
  let next = 0;
  const replay: Detector = {
    model: "centernet",
    backend: { requested: "wasm", name: "wasm", version: "replay", skipped: [] },
    detect: async () => frames[next++]?.detections ?? [],
    dispose: () => undefined,
  };
  if (!pictures) return analyzeFrames(frames.map((f) => ({ index: f.index, ptsMs: f.ptsMs, width: 0, height: 0, data: new Uint8Array(0) })), { detector: replay });
  return analyzeFrames(decodeFrames(name.includes("/") ? name : `${MEDIA}/${name}`, { fps }), { detector: replay });
}
