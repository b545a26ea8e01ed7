import { readJson } from "@/lib/api/body";
import { idParam, route } from "@/lib/api/route";
import { followBody } from "@/lib/studio/schemas";
import { follow } from "@/lib/studio/service";

export const dynamic = "force-dynamic";

/** Follows the track's last box forward over `frames` frames (template matching) and stores the boxes. */
export const POST = route<"admin", { id: string }>({ access: "admin", rateLimit: 30 }, async ({ req, params }) => {
  const body = await readJson(req, followBody);
  return follow(idParam(params.id, "Track"), body.frames, body.minScore);
});
