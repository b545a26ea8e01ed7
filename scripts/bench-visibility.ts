// The cost of hidden cells (lib/track/visibility.ts) in one run: the analysis pipeline (worker pool,
// real detector) on a clip with the cells on and off, and the cells' own time per analysed frame.
// usage: npm run bench:visibility -- [video ...] [--fps N] [--workers N]
import os from "node:os";
import { parseArgs } from "node:util";
import { analyzeFrames, type AnalysisResult } from "@/lib/detect/analyze";
import { createDetectorPool } from "@/lib/detect/pool";
import { decodeFrames } from "@/lib/media";
import { DEFAULT_TRACKER } from "@/lib/track/tracker";
import { toGray, VisibilityPass } from "@/lib/track/visibility";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { fps: { type: "string", default: "5" }, workers: { type: "string", default: "2" } } });
const videos = positionals.length ? positionals : ["../shared/fixtures/media/product_demo.mp4", "../shared/fixtures/media/pedestrians_vfr.mp4"];
const fps = Number(values.fps);
const pool = await createDetectorPool({ backend: "wasm", size: Number(values.workers) });
const row = (cells: string[]) => console.log(cells.map((c, i) => (i === 0 ? c.padEnd(22) : c.padStart(16))).join(""));
console.log(`backend ${pool.backend.name}, ${pool.size} workers, ${fps} fps analysed, load ${os.loadavg().map((v) => v.toFixed(2)).join(" ")}`);
row(["video", "frames", "fps cells off", "fps cells on", "on ÷ off", "boxes/frame", "cells ms/fr", "grey ms/fr", "boxes w/ cells"]);
try {
  for (const video of videos) {
    const run = async (visibility: boolean): Promise<{ fps: number; result: AnalysisResult }> => {
      const t = performance.now();
      const result = await analyzeFrames(decodeFrames(video, { fps }), { pool, visibility });
      return { fps: result.frames.length / ((performance.now() - t) / 1000), result };
    };
    await run(false); // warm-up: model compiled in every worker, files in the page cache
    const off = await run(false);
    const on = await run(true);
    // The cells alone, on the same frames and boxes.
    const objects = new Map(on.result.frames.map((f) => [f.index, f.objects]));
    const pass = new VisibilityPass();
    let grey = 0;
    let cells = 0;
    let n = 0;
    let boxes = 0;
    for await (const f of decodeFrames(video, { fps })) {
      // The frame's raw detections (untracked ones are rivals too), outside the timing.
      const detections = await pool.detect({ data: f.data, width: f.width, height: f.height }, { minScore: DEFAULT_TRACKER.lowScore });
      const t0 = performance.now();
      const g = toGray(f.data, f.width, f.height);
      const t1 = performance.now();
      pass.frame(g, f.index, objects.get(f.index) ?? [], detections.map((d) => d.box));
      cells += performance.now() - t1;
      grey += t1 - t0;
      boxes += objects.get(f.index)?.length ?? 0;
      n++;
    }
    const all = Object.values(on.result.trackBoxes).flat();
    row([video.split("/").pop() ?? video, String(n), off.fps.toFixed(2), on.fps.toFixed(2), (on.fps / off.fps).toFixed(2), (boxes / n).toFixed(1), (cells / n).toFixed(1), (grey / n).toFixed(1), `${all.filter((b) => b.hiddenCells).length}/${all.length}`]);
  }
} finally {
  await pool.close();
}
