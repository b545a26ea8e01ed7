import { readJson } from "@/lib/api/body";
import { idParam, route } from "@/lib/api/route";
import { splitBody } from "@/lib/studio/schemas";
import { split } from "@/lib/studio/service";

export const dynamic = "force-dynamic";

/** Splits the track at a frame: that frame and later become a new track. */
export const POST = route<"admin", { id: string }>({ access: "admin" }, async ({ req, params }) => {
  const body = await readJson(req, splitBody);
  return Response.json(await split(idParam(params.id, "Track"), body.frameIndex), { status: 201 });
});
