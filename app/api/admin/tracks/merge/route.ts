import { readJson } from "@/lib/api/body";
import { route } from "@/lib/api/route";
import { mergeBody } from "@/lib/studio/schemas";
import { merge } from "@/lib/studio/service";

export const dynamic = "force-dynamic";

/** Merges `mergeId` into `keepId` (same video): boxes move over, the merged track is deleted. */
export const POST = route({ access: "admin" }, async ({ req }) => {
  const body = await readJson(req, mergeBody);
  return merge(body.keepId, body.mergeId);
});
