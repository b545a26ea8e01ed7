import { readJson } from "@/lib/api/body";
import { idParam, route } from "@/lib/api/route";
import { restore } from "@/lib/studio/snapshot";
import { RESTORE_BODY_LIMIT, restoreBody } from "@/lib/studio/snapshot-schema";

export const dynamic = "force-dynamic";

/** Deletes some of the video's tracks and puts a snapshot's tracks back under their ids, in one transaction. */
export const POST = route<"admin", { id: string }>({ access: "admin" }, async ({ req, params }) => {
  const body = await readJson(req, restoreBody, RESTORE_BODY_LIMIT);
  return restore(idParam(params.id, "Video"), body);
});
