import { readJson } from "@/lib/api/body";
import { idParam, route } from "@/lib/api/route";
import { trackVisibilityBody } from "@/lib/studio/schemas";
import { setVisibility } from "@/lib/studio/service";

export const dynamic = "force-dynamic";

/** Shows an unconfirmed track to shoppers ({ hidden: false }) or hides a track ({ hidden: true }). */
export const PUT = route<"admin", { id: string }>({ access: "admin" }, async ({ req, params }) => {
  const body = await readJson(req, trackVisibilityBody);
  return setVisibility(idParam(params.id, "Track"), body.hidden);
});
