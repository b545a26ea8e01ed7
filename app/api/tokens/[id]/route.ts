import { revokeApiToken } from "@/db/queries/users";
import { notFound } from "@/lib/api/errors";
import { idParam, route } from "@/lib/api/route";
import { forgetTokens } from "@/lib/auth/identity";

export const dynamic = "force-dynamic";

export const DELETE = route({ access: "user" }, async ({ params, identity }) => {
  const tokenId = idParam(params.id, "Token");
  const ok = await revokeApiToken(identity.userId, tokenId);
  if (!ok) throw notFound("Token");
  // Identities are cached for a moment (lib/auth/identity.ts): this process forgets this one at once.
  forgetTokens(tokenId);
  return new Response(null, { status: 204 });
});
