import { readJson } from "@/lib/api/body";
import { route } from "@/lib/api/route";
import { alignBody, alignVideos } from "@/lib/videos/align-videos";

export const dynamic = "force-dynamic";

/**
 * The same moment in two stored videos: body { videoA, videoB, atMs, offset: ms | "auto" } →
 * { atMs, a: { index, ptsMs, skipped }, b: {…}, offsetMs, offset: { mode, confidence? }, videos, image (PNG data URL) }.
 */
export const POST = route({ access: "admin", rateLimit: 60 }, async ({ req }) => {
  const body = await readJson(req, alignBody, 4 * 1024);
  return alignVideos(body, req.signal);
});
