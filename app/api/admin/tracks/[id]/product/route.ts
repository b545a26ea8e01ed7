import { readJson } from "@/lib/api/body";
import { idParam, route } from "@/lib/api/route";
import { trackProductBody } from "@/lib/studio/schemas";
import { attachProduct, detachProduct } from "@/lib/studio/service";

export const dynamic = "force-dynamic";

/** Attaches a product to the track, replacing any other. */
export const PUT = route<"admin", { id: string }>({ access: "admin" }, async ({ req, params, identity }) => {
  const body = await readJson(req, trackProductBody);
  return attachProduct(idParam(params.id, "Track"), body.productId, identity.userId);
});

export const DELETE = route<"admin", { id: string }>({ access: "admin" }, async ({ params }) => detachProduct(idParam(params.id, "Track")));
