import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { DetectedFrame } from "@/lib/detect/analyze";
import type { DetectorPool } from "@/lib/detect/pool";
import type { DetectOptions, Detection } from "@/lib/detect/types";
import { decodeFrames } from "@/lib/media";

const DIR = path.join(os.tmpdir(), "framecart-detections");
const ROOT = path.resolve(import.meta.dirname, "../..");

/** Hash of the code that produces detections: a change to the detector or its features invalidates the cache. */
function codeHash(): string {
  const h = createHash("sha256");
  const files = [...readdirSync(path.join(ROOT, "lib/detect")).filter((f) => f !== "analyze.ts" && f !== "index.ts").map((f) => `lib/detect/${f}`), "lib/track/appearance.ts"].sort();
  for (const f of files) h.update(f).update(readFileSync(path.join(ROOT, f)));
  return h.digest("hex").slice(0, 16);
}

/** Where a video's detections are cached, by the video's name, size and mtime, the sampling, the options and the detector's code. */
export function cacheFile(video: string, sampling: { fps: number; endMs?: number }, detect: DetectOptions = {}) {
  const st = statSync(video);
  const opts = { minScore: 0.12, ...detect, features: true };
  const key = createHash("sha256").update(JSON.stringify([path.basename(video), st.size, st.mtimeMs, sampling, opts, codeHash()])).digest("hex").slice(0, 24);
  return { file: path.join(DIR, `${path.basename(video)}-${key}.json`), opts };
}

interface Stored {
  index: number;
  ptsMs: number;
  detections: (Omit<Detection, "feature"> & { feature?: number[] })[];
}

/**
 * The real detector's per-frame output for a video, computed once through the pool and cached in the OS
 * temp folder by video, sampling, options and detector source, so tests can re-run tracking and
 * confirmation without 1–2 CPU minutes of inference each time.
 */
export async function cachedDetections(pool: () => Promise<DetectorPool>, video: string, sampling: { fps: number; endMs?: number }, detect: DetectOptions = {}): Promise<{ frames: DetectedFrame[]; cached: boolean }> {
  const { file, opts } = cacheFile(video, sampling, detect);
  const revive = (s: Stored[]): DetectedFrame[] => s.map((f) => ({ index: f.index, ptsMs: f.ptsMs, detections: f.detections.map(({ feature, ...d }) => ({ ...d, ...(feature ? { feature: Float32Array.from(feature) } : {}) })) }));
  try {
    return { frames: revive(JSON.parse(await fs.readFile(file, "utf8")) as Stored[]), cached: true };
  } catch {
    // not cached yet
  }
  const p = await pool();
  const pending: { index: number; ptsMs: number; result: Promise<Detection[]> }[] = [];
  for await (const f of decodeFrames(video, sampling)) pending.push({ index: f.index, ptsMs: f.ptsMs, result: p.detect(f, { ...opts, transfer: true }) });
  const frames: DetectedFrame[] = [];
  for (const f of pending) frames.push({ index: f.index, ptsMs: f.ptsMs, detections: await f.result });
  const stored: Stored[] = frames.map((f) => ({ ...f, detections: f.detections.map((d) => ({ ...d, feature: d.feature ? Array.from(d.feature) : undefined })) }));
  await fs.mkdir(DIR, { recursive: true });
  await fs.writeFile(`${file}.tmp`, JSON.stringify(stored));
  await fs.rename(`${file}.tmp`, file);
  return { frames, cached: false };
}
