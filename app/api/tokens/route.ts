import { readJson } from "@/lib/api/body";
import { route } from "@/lib/api/route";
import { createApiToken, listApiTokens } from "@/lib/auth/api-tokens";
import { createTokenSchema } from "@/lib/validations/auth";
import { ApiError } from "@/lib/api/errors";

export const dynamic = "force-dynamic";

export const GET = route({ access: "user" }, async ({ identity }) => ({ tokens: await listApiTokens(identity.userId) }));

// Tokens are created only from a signed-in session, never with another token.
export const POST = route({ access: "user", rateLimit: 30 }, async ({ req, identity }) => {
  if (identity.via !== "session") throw new ApiError("forbidden", "Create tokens from your account page");
  const { name } = await readJson(req, createTokenSchema, 4 * 1024);
  return Response.json(await createApiToken(identity.userId, name), { status: 201 });
});
