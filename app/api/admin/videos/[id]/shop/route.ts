import { z } from "zod";
import { readJson } from "@/lib/api/body";
import { idParam, route } from "@/lib/api/route";
import { toAdminVideo } from "@/lib/videos/dto";
import { setVideoShop } from "@/lib/videos/service";

export const dynamic = "force-dynamic";

const shopPatch = z.object({ published: z.boolean().optional(), classSuggestions: z.boolean().optional() }).strict();

/** Publishes or unpublishes a video for shoppers, and turns its class suggestions on or off. */
export const PATCH = route<"admin", { id: string }>({ access: "admin" }, async ({ req, params }) => {
  const patch = await readJson(req, shopPatch);
  return { video: toAdminVideo(await setVideoShop(idParam(params.id, "Video"), patch)) };
});
