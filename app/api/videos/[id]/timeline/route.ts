import { ApiError } from "@/lib/api/errors";
import { idParam, route } from "@/lib/api/route";
import { ptsMsOf } from "@/lib/media/timeline";
import { timelineStats, videoTimeline, visibleVideo } from "@/lib/videos/service";

export const dynamic = "force-dynamic";

/** The exact timeline: every frame's pts in ms from the first frame, display order, plus the raw ticks. */
export const GET = route<"public", { id: string }>({}, async ({ params, identity }) => {
  const video = await visibleVideo(idParam(params.id, "Video"), identity);
  const t = await videoTimeline(video);
  if (!t) throw new ApiError("conflict", "The timeline is not ready yet: the video is still being processed");
  const ptsMs = Array.from({ length: t.frameCount }, (_, i) => ptsMsOf(t, i));
  return {
    videoId: video.id,
    timescale: t.timescale,
    startPts: t.startPts,
    ...timelineStats(t),
    pts: Array.from(t.pts),
    ptsMs,
  };
});
