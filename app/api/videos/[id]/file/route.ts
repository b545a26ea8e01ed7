import { idParam, route } from "@/lib/api/route";
import { fileResponse, visibleVideo } from "@/lib/videos/service";

export const dynamic = "force-dynamic";

// Players fetch many ranges while seeking: no per-request rate limit here.
const handler = route<"public", { id: string }>({ rateLimit: false }, async ({ req, params, identity }) => {
  const video = await visibleVideo(idParam(params.id, "Video"), identity);
  return fileResponse(video, req);
});

export const GET = handler;
export const HEAD = handler;
