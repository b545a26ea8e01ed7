import { readJson } from "@/lib/api/body";
import { idParam, route } from "@/lib/api/route";
import { snapshot } from "@/lib/studio/snapshot";
import { SNAPSHOT_BODY_LIMIT, snapshotBody } from "@/lib/studio/snapshot-schema";

export const dynamic = "force-dynamic";

/** Every row of some of the video's tracks (track, boxes, product link): what the studio's undo restores. */
export const POST = route<"admin", { id: string }>({ access: "admin" }, async ({ req, params }) => {
  const body = await readJson(req, snapshotBody, SNAPSHOT_BODY_LIMIT);
  return snapshot(idParam(params.id, "Video"), body.trackIds);
});
