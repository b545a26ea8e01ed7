import { readQuery } from "@/lib/api/body";
import { idParam, route } from "@/lib/api/route";
import { frameQuery } from "@/lib/videos/schemas";
import { frameResponse, visibleVideo } from "@/lib/videos/service";

export const dynamic = "force-dynamic";

/** The exact frame on screen at ?t=ms (last frame with pts ≤ t), with x-frame-index and x-frame-pts-ms. */
export const GET = route<"public", { id: string }>({}, async ({ req, params, identity }) => {
  const video = await visibleVideo(idParam(params.id, "Video"), identity);
  const q = readQuery(req, frameQuery);
  return frameResponse(video, q.t, q.format, q.w);
});
