import { readJson, readQuery } from "@/lib/api/body";
import { idParam, route } from "@/lib/api/route";
import { keyframeBody, keyframeQuery } from "@/lib/studio/schemas";
import { putKeyframe, removeKeyframe } from "@/lib/studio/service";

export const dynamic = "force-dynamic";

/** Sets the track's box on a frame as a keyframe (boxes between keyframes are interpolated). */
export const PUT = route<"admin", { id: string }>({ access: "admin" }, async ({ req, params }) => {
  const body = await readJson(req, keyframeBody);
  return putKeyframe(idParam(params.id, "Track"), body.frameIndex, body.box);
});

/** Removes the track's box on ?frameIndex=. */
export const DELETE = route<"admin", { id: string }>({ access: "admin" }, async ({ req, params }) => {
  const q = readQuery(req, keyframeQuery);
  return removeKeyframe(idParam(params.id, "Track"), q.frameIndex);
});
