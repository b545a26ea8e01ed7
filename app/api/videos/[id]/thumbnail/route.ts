import { notFound } from "@/lib/api/errors";
import { idParam, route } from "@/lib/api/route";
import { storage } from "@/lib/storage";
import { toWebStream, visibleVideo } from "@/lib/videos/service";

export const dynamic = "force-dynamic";

export const GET = route<"public", { id: string }>({ rateLimit: false }, async ({ params, identity }) => {
  const video = await visibleVideo(idParam(params.id, "Video"), identity);
  if (!video.thumbnailKey) throw notFound("Thumbnail");
  const body = await storage().get(video.thumbnailKey).catch(() => {
    throw notFound("Thumbnail");
  });
  return new Response(toWebStream(body), { headers: { "content-type": "image/jpeg", "cache-control": "private, max-age=300" } });
});
