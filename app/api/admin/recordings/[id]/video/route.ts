import { idParam, route } from "@/lib/api/route";
import { recordingToVideo } from "@/lib/recordings/service";

export const dynamic = "force-dynamic";

/** Registers the recording (every run, gaps kept as pts gaps) as a video, probed and analysable like an upload. */
export const POST = route<"admin", { id: string }>({ access: "admin" }, async ({ params, identity }) => {
  const video = await recordingToVideo(idParam(params.id, "Recording"), identity.userId);
  return Response.json({ video: { id: video.id, youtubeId: video.youtubeId, status: video.status } }, { status: 201 });
});
