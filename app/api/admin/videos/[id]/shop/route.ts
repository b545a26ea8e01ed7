import { readJson } from "@/lib/api/body";
import { idParam, route } from "@/lib/api/route";
import { toAdminVideo } from "@/lib/videos/dto";
import { videoShopBody } from "@/lib/videos/schemas";
import { setVideoShop } from "@/lib/videos/service";

export const dynamic = "force-dynamic";

/** Publishes or unpublishes a video for shoppers, and turns its class suggestions on or off. */
export const PATCH = route<"admin", { id: string }>({ access: "admin" }, async ({ req, params }) => {
  const patch = await readJson(req, videoShopBody);
  return { video: toAdminVideo(await setVideoShop(idParam(params.id, "Video"), patch)) };
});
