import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { latestSucceededObjectsRun, objectRunsInState } from "@/db/queries/runs";
import { getUserByEmail } from "@/db/queries/users";
import { getVideoByYoutubeId } from "@/db/queries/videos";
import type { AnalysisRun, Video } from "@/db/schema";
import { attachDemoProducts, DEMO_VIDEO_ID } from "@/lib/analysis/demo-links";
import { ConflictError } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/queue";
import { ingestUpload } from "@/lib/videos/upload";
import { DEMO_ADMIN_EMAIL } from "./index";
import { setVideoShop } from "@/lib/videos/service";

export { DEMO_PRODUCT_FOR_LABEL, DEMO_VIDEO_ID, attachDemoProducts } from "@/lib/analysis/demo-links";
export const DEMO_VIDEO_TITLE = "Demo: a dog, a cup and an astronaut";

export function demoVideoAsset(): string {
  const name = path.join("lib", "seed", "assets", "product_demo.mp4");
  try {
    if (import.meta.url.startsWith("file:")) return path.join(path.dirname(fileURLToPath(import.meta.url)), "assets", "product_demo.mp4");
  } catch {
    // bundled: fall back to the project root
  }
  return path.join(process.cwd(), name);
}

export type DemoVideoResult = { video: Video; created: boolean; run: AnalysisRun | null; linked: number };

/**
 * The demo video, uploaded once through the same service as the upload API (storage, checks, probe
 * job). The probe task then queues its analysis (lib/analysis/auto.ts), and when that analysis
 * succeeds the task links demo products to its tracks by class (attachDemoProducts). Nothing here
 * waits for either job: start-up is not blocked. Idempotent: an existing demo video is left as it is
 * (its products are linked again if it was analysed and some track has none).
 */
export async function seedDemoVideo(opts: { log?: (line: string) => void; file?: string } = {}): Promise<DemoVideoResult> {
  const log = opts.log ?? (() => {});
  const existing = await getVideoByYoutubeId(DEMO_VIDEO_ID);
  if (existing) return resume(existing, log);

  const file = opts.file ?? demoVideoAsset();
  const stat = await fs.stat(/* turbopackIgnore: true */ file).catch(() => null);
  if (!stat) throw new Error(`demo video not found: ${file}`);
  const admin = await getUserByEmail(DEMO_ADMIN_EMAIL);
  const query = new URLSearchParams({ youtube: DEMO_VIDEO_ID, title: DEMO_VIDEO_TITLE, filename: path.basename(file) });
  const req = new Request(`http://localhost/api/videos?${query}`, {
    method: "POST",
    headers: { "content-type": "video/mp4", "content-length": String(stat.size) },
    body: Readable.toWeb(createReadStream(/* turbopackIgnore: true */ file)) as unknown as ReadableStream<Uint8Array>,
    duplex: "half",
  } as RequestInit);
  try {
    const uploaded = await ingestUpload(req, admin?.id ?? null);
    const run = uploaded.run;
    // The demo is the shop's showcase: published at once (shoppers see it as soon as it is ready).
    const video = await setVideoShop(uploaded.video.id, { published: true });
    log(`demo video uploaded (video ${video.id}, id ${DEMO_VIDEO_ID}); processing and object analysis run in the background`);
    return { video, created: true, run, linked: 0 };
  } catch (e) {
    // Another process seeded it at the same moment.
    const raced = e instanceof ConflictError ? await getVideoByYoutubeId(DEMO_VIDEO_ID) : undefined;
    if (raced) return resume(raced, log);
    throw e;
  }
}

async function resume(video: Video, log: (line: string) => void): Promise<DemoVideoResult> {
  let run: AnalysisRun | null = null;
  if (video.status === "ready" && (await objectRunsInState(video.id, ["queued", "running", "succeeded", "failed", "canceled"])).length === 0) {
    // Ready but never analysed (e.g. it was processed while automatic analysis was off).
    run = (await enqueue("analyze-video", { videoId: video.id }, { run: { params: { trigger: "seed" } } })).run;
    log(`demo video ${video.id} was never analysed: analysis queued (run ${run.id})`);
  }
  const linked = (await latestSucceededObjectsRun(video.id)) ? await attachDemoProducts(video.id) : 0;
  log(`demo video already there (video ${video.id}, ${video.status})${linked ? `; ${linked} track(s) linked to demo products` : ""}`);
  return { video, created: false, run, linked };
}
