// npm run -s analyze -- VIDEO --out DIR [--fps N|all] [--model centernet|nanodet] [--backend B] [--workers N] [--no-annotated]
//                                        [--actions [--pose-model movenet-lightning|movenet-thunder|movenet-multipose]]
// --actions: people and actions instead (DIR/<videoId>_actions.json and DIR/<videoId>_actions.mp4).
// Detects and tracks objects; writes DIR/<videoId>_detections.json and DIR/annotated.mp4 with a
// progress bar on stderr, and prints a one-line JSON summary on stdout. No database needed.
import path from "node:path";
import { parseArgs } from "node:util";
import { actionsToDir } from "@/lib/people/local";
import { actionShares } from "@/lib/people/schema";
import { analyzeToDir } from "@/lib/analysis/local";
import { createProgressBar, type ProgressBar } from "@/lib/analysis/progress-bar";
import { videoIdFromFileName } from "@/lib/analysis/run";
import { MODELS, type AnalysisModel } from "@/lib/analysis/schema";
import type { BackendRequest } from "@/lib/detect/backend";
import { BackendError } from "@/lib/detect/backend";
import { ModelLoadError } from "@/lib/detect/models";
import { POSE_MODELS, type PoseModel } from "@/lib/pose/movenet";
import { NotAVideoError } from "@/lib/media/errors";

const USAGE = "usage: npm run -s analyze -- VIDEO --out DIR [--fps N|all] [--model centernet|nanodet] [--backend auto|tensorflow-gpu|tensorflow|wasm|cpu] [--workers N] [--no-annotated] [--actions [--pose-model movenet-lightning|movenet-thunder|movenet-multipose]]";
const BACKENDS = ["auto", "tensorflow-gpu", "tensorflow", "wasm", "cpu"];

function fail(message: string, code: number): never {
  process.stderr.write(`\nanalyze: ${message}\n`);
  if (code === 2) console.error(USAGE);
  process.exit(code);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        out: { type: "string" },
        fps: { type: "string" },
        model: { type: "string" },
        backend: { type: "string" },
        workers: { type: "string" },
        "no-annotated": { type: "boolean" },
        actions: { type: "boolean" },
        "pose-model": { type: "string" },
      },
    });
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e), 2);
  }
  const { values, positionals } = parsed;
  const [video, ...extra] = positionals;
  if (!video) fail("missing VIDEO", 2);
  if (extra.length) fail(`unexpected argument ${JSON.stringify(extra[0])}`, 2);
  if (!values.out) fail("missing --out DIR", 2);
  let fps: number | null | undefined;
  if (values.fps !== undefined) {
    fps = values.fps === "all" ? null : Number(values.fps);
    if (fps !== null && !(Number.isFinite(fps) && fps > 0 && fps <= 240)) fail(`--fps must be a number in (0, 240] or "all", got ${values.fps}`, 2);
  }
  const model = values.model ?? "centernet";
  if (!(MODELS as readonly string[]).includes(model)) fail(`--model must be one of ${MODELS.join(", ")}`, 2);
  if (values.backend !== undefined && !BACKENDS.includes(values.backend)) fail(`--backend must be one of ${BACKENDS.join(", ")}`, 2);
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1 && workers <= 64)) fail("--workers must be an integer from 1 to 64", 2);

  const poseModel = values["pose-model"] ?? "movenet-lightning";
  if (!(POSE_MODELS as readonly string[]).includes(poseModel)) fail(`--pose-model must be one of ${POSE_MODELS.join(", ")}`, 2);
  if (values["pose-model"] !== undefined && !values.actions) fail("--pose-model needs --actions", 2);

  const videoId = videoIdFromFileName(video);
  if (values.actions) {
    await runActions(video, { outDir: values.out, videoId, model: model as AnalysisModel, poseModel: poseModel as PoseModel, fps, backend: values.backend as BackendRequest | undefined, workers, annotated: !values["no-annotated"] });
    return;
  }
  const bars: Partial<Record<"analyse" | "annotate", ProgressBar>> = {};
  const controller = new AbortController();
  process.once("SIGINT", () => controller.abort(new Error("interrupted")));
  try {
    const r = await analyzeToDir(video, {
      outDir: values.out,
      videoId,
      model: model as AnalysisModel,
      fps,
      backend: values.backend as BackendRequest | undefined,
      workers,
      annotated: !values["no-annotated"],
      signal: controller.signal,
      onStart: (s) => {
        const skipped = s.skipped.map((k) => `${k.name} (${k.reason})`).join("; ");
        process.stderr.write(
          `backend ${s.backend} (${s.backendVersion}) × ${s.workers} worker(s)${skipped ? `; skipped ${skipped}` : ""}\n` +
            `analysing ${s.framesPlanned} of ${s.videoFrames} frames (${s.analysisFps === null ? "every frame" : `${s.analysisFps} fps`})\n`,
        );
      },
      onProgress: (phase, done, total) => {
        if (phase === "annotate" && bars.analyse) {
          bars.analyse.done();
          delete bars.analyse;
        }
        (bars[phase] ??= createProgressBar(phase)).update(done, total);
      },
    });
    bars.analyse?.done();
    bars.annotate?.done();
    const analysed = r.document.frames.length;
    console.log(
      JSON.stringify({
        videoId,
        model: r.document.model,
        backend: r.document.backend,
        workers: r.start.workers,
        analysisFps: r.document.analysisFps,
        framesAnalysed: analysed,
        videoFrames: r.start.videoFrames,
        tracks: r.document.tracks.length,
        // Shown = confirmed (lib/track/confirm.ts); the rest are in the file with "hidden": true.
        shownTracks: r.document.tracks.filter((t) => !t.hidden).length,
        labels: countLabels(r.document.tracks.filter((t) => !t.hidden).map((t) => t.label)),
        analyseSeconds: r.timings.analyseMs / 1000,
        analyseFps: r.timings.analyseMs > 0 ? Math.round((analysed * 1e5) / r.timings.analyseMs) / 100 : null,
        annotateSeconds: r.annotatedPath ? r.timings.annotateMs / 1000 : null,
        totalSeconds: r.timings.totalMs / 1000,
        detections: path.resolve(r.detectionsPath),
        annotated: r.annotatedPath ? path.resolve(r.annotatedPath) : null,
      }),
    );
  } catch (e) {
    if (e instanceof NotAVideoError || e instanceof ModelLoadError || e instanceof BackendError) fail(e.message, 1);
    throw e;
  }
}

async function runActions(video: string, opts: Omit<Parameters<typeof actionsToDir>[1], "onStart" | "onProgress" | "signal">): Promise<void> {
  const bars: Partial<Record<"analyse" | "pose" | "annotate", ProgressBar>> = {};
  const controller = new AbortController();
  process.once("SIGINT", () => controller.abort(new Error("interrupted")));
  try {
    const r = await actionsToDir(video, {
      ...opts,
      signal: controller.signal,
      onStart: (s) => process.stderr.write(`backend ${s.backend} (${s.backendVersion}) × ${s.workers}; ${s.framesPlanned} of ${s.videoFrames} frames (${s.analysisFps === null ? "every frame" : `${s.analysisFps} fps`})\n`),
      onProgress: (phase, done, total) => {
        for (const [k, b] of Object.entries(bars)) {
          if (k !== phase && b) {
            b.done();
            delete bars[k as keyof typeof bars];
          }
        }
        (bars[phase] ??= createProgressBar(phase)).update(done, total);
      },
    });
    for (const b of Object.values(bars)) b?.done();
    const t = r.timings;
    console.log(
      JSON.stringify({
        videoId: opts.videoId,
        models: r.document.models,
        backend: r.document.backend,
        analysisFps: r.document.analysisFps,
        framesAnalysed: r.detections.frames.length,
        personTracks: r.document.tracks.length,
        poses: t.poses,
        analyseSeconds: t.analyseMs / 1000,
        poseSeconds: t.poseMs / 1000,
        posesPerSecond: t.poseMs > 0 ? Math.round((t.poses * 1e5) / t.poseMs) / 100 : null,
        poseFramesPerSecond: t.poseMs > 0 ? Math.round((r.document.frames.length * 1e5) / t.poseMs) / 100 : null,
        annotateSeconds: r.annotatedPath ? t.annotateMs / 1000 : null,
        totalSeconds: t.totalMs / 1000,
        shares: Object.fromEntries(actionShares(r.document).map((a) => [a.action, a.share])),
        actions: path.resolve(r.actionsPath),
        annotated: r.annotatedPath ? path.resolve(r.annotatedPath) : null,
      }),
    );
  } catch (e) {
    if (e instanceof NotAVideoError || e instanceof ModelLoadError || e instanceof BackendError) fail(e.message, 1);
    throw e;
  }
}

function countLabels(labels: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of labels) out[l] = (out[l] ?? 0) + 1;
  return out;
}

main().then(
  () => process.exit(0),
  (e: unknown) => fail(e instanceof Error ? e.message : String(e), 1),
);
