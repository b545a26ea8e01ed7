import { idParam, route } from "@/lib/api/route";
import { revokeUserToken } from "@/lib/auth/api-tokens";

export const dynamic = "force-dynamic";

export const DELETE = route({ access: "user" }, async ({ params, identity }) => {
  await revokeUserToken(identity.userId, idParam(params.id, "Token"));
  return new Response(null, { status: 204 });
});
