import { revokeApiToken } from "@/db/queries/users";
import { notFound } from "@/lib/api/errors";
import { idParam, route } from "@/lib/api/route";

export const dynamic = "force-dynamic";

export const DELETE = route({ access: "user" }, async ({ params, identity }) => {
  const ok = await revokeApiToken(identity.userId, idParam(params.id, "Token"));
  if (!ok) throw notFound("Token");
  return new Response(null, { status: 204 });
});
