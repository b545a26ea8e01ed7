import { idParam, route } from "@/lib/api/route";
import { importIntoVideo } from "@/lib/exchange/service";
import { readAnnotationUpload } from "@/lib/exchange/upload";

export const dynamic = "force-dynamic";

/** Imports a CVAT for video 1.1 or MOT 1.1 file (or a ZIP of one) as manual tracks. */
export const POST = route<"admin", { id: string }>({ access: "admin", rateLimit: 20 }, async ({ req, params }) => {
  const videoId = idParam(params.id, "Video");
  const { file, format } = await readAnnotationUpload(req);
  return Response.json(await importIntoVideo(videoId, file, format), { status: 201 });
});
