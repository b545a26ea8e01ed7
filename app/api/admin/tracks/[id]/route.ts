import { readJson } from "@/lib/api/body";
import { idParam, route } from "@/lib/api/route";
import { trackLabelBody } from "@/lib/studio/schemas";
import { relabelTrack, removeTrack } from "@/lib/studio/service";

export const dynamic = "force-dynamic";

/** Changes the track's class. */
export const PATCH = route<"admin", { id: string }>({ access: "admin" }, async ({ req, params }) => {
  const body = await readJson(req, trackLabelBody);
  return relabelTrack(idParam(params.id, "Track"), body.label);
});

/** Deletes a false track (its boxes and product link go with it). */
export const DELETE = route<"admin", { id: string }>({ access: "admin" }, async ({ params }) => removeTrack(idParam(params.id, "Track")));
