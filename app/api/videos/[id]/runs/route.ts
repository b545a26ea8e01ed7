import { listRunsForVideo } from "@/lib/analysis/service";
import { readJson } from "@/lib/api/body";
import { idParam, route } from "@/lib/api/route";
import { enqueue } from "@/lib/jobs/queue";
import { toAdminVideo, toRun } from "@/lib/videos/dto";
import { startRunBody } from "@/lib/videos/schemas";
import { getVideoOrThrow } from "@/lib/videos/service";

export const dynamic = "force-dynamic";

/** The video's runs with live progress (the admin page polls this while one runs). */
export const GET = route<"admin", { id: string }>({ access: "admin", rateLimit: false }, async ({ params }) => {
  const video = await getVideoOrThrow(idParam(params.id, "Video"));
  const runs = await listRunsForVideo(video.id);
  return { video: toAdminVideo(video), runs: runs.map(toRun) };
});

/** Starts a task on the video again (e.g. { "task": "probe-video" } after a failure). */
export const POST = route<"admin", { id: string }>({ access: "admin" }, async ({ req, params, identity }) => {
  const video = await getVideoOrThrow(idParam(params.id, "Video"));
  const body = await readJson(req, startRunBody);
  const { run } = await enqueue(body.task, { videoId: video.id }, { run: { requestedBy: identity.userId } });
  return Response.json({ run: toRun(run) }, { status: 202 });
});
