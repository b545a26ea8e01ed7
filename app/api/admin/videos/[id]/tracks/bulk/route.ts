import { readJson } from "@/lib/api/body";
import { idParam, route } from "@/lib/api/route";
import { bulkTracks, bulkTracksBody } from "@/lib/studio/bulk";

export const dynamic = "force-dynamic";

/** Hides, shows or deletes many of the video's tracks at once: { action: "hide"|"show"|"delete", trackIds }. */
export const POST = route<"admin", { id: string }>({ access: "admin" }, async ({ req, params }) => {
  const body = await readJson(req, bulkTracksBody);
  return bulkTracks(idParam(params.id, "Video"), body);
});
