import { idParam, route } from "@/lib/api/route";
import { removeVideo } from "@/lib/videos/service";

export const dynamic = "force-dynamic";

/** Deletes a video with its timeline, runs, tracks and stored files; its running jobs are canceled. */
export const DELETE = route<"admin", { id: string }>({ access: "admin" }, async ({ params }) => {
  const gone = await removeVideo(idParam(params.id, "Video"));
  return { deleted: { id: gone.id, youtubeId: gone.youtubeId } };
});
