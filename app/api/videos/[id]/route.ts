import { listRunsForVideo } from "@/lib/analysis/service";
import { idParam, route } from "@/lib/api/route";
import { toAdminVideo, toPublicVideo, toRun } from "@/lib/videos/dto";
import { visibleVideo } from "@/lib/videos/service";

export const dynamic = "force-dynamic";

export const GET = route<"public", { id: string }>({}, async ({ params, identity }) => {
  const video = await visibleVideo(idParam(params.id, "Video"), identity);
  if (identity?.role !== "admin") return { video: toPublicVideo(video) };
  const runs = await listRunsForVideo(video.id);
  return { video: toAdminVideo(video), runs: runs.map(toRun) };
});
