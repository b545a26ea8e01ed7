import { readQuery } from "@/lib/api/body";
import { idParam, route } from "@/lib/api/route";
import { attachment } from "@/lib/clicks/export";
import { exportQuery } from "@/lib/exchange/schemas";
import { exportVideo } from "@/lib/exchange/service";

export const dynamic = "force-dynamic";

/** The video's tracks as CVAT for video 1.1 XML, MOT 1.1 (ZIP), COCO JSON or YOLO (ZIP), with every frame's exact pts. */
export const GET = route<"admin", { id: string }>({ access: "admin", rateLimit: 30 }, async ({ req, params }) => {
  const q = readQuery(req, exportQuery);
  const out = await exportVideo(idParam(params.id, "Video"), q.format, q.hidden === "1");
  return new Response(new Uint8Array(out.body), {
    headers: { "content-type": out.contentType, "content-disposition": attachment(out.fileName), "cache-control": "no-store", "x-content-type-options": "nosniff" },
  });
});
