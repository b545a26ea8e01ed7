import { readJson } from "@/lib/api/body";
import { idParam, route } from "@/lib/api/route";
import { setOutside } from "@/lib/studio/outside";
import { outsideBody } from "@/lib/studio/schemas";

export const dynamic = "force-dynamic";

/** Sets ({ outside: true }) or clears CVAT's outside flag at the frame on screen at ptsMs. */
export const PUT = route<"admin", { id: string }>({ access: "admin" }, async ({ req, params }) => {
  const body = await readJson(req, outsideBody);
  return setOutside(idParam(params.id, "Track"), body.ptsMs, body.outside);
});
