import { insertApiToken, listApiTokens, revokeApiToken } from "@/db/queries/users";
import { NotFoundError } from "@/lib/errors";
import { forgetTokens } from "./identity";
import { newApiToken } from "./tokens";

// A user's extension API tokens, for the account page and the tokens API (they never import db/).
export { listApiTokens };

/** A new token for the user: the secret is returned once, only its hash is stored. */
export async function createApiToken(userId: number, name: string) {
  const t = newApiToken();
  const row = await insertApiToken(userId, name, t.hash, t.prefix);
  return { token: t.token, ...row };
}

/** Revokes one of the user's tokens; someone else's or an unknown one is not found. */
export async function revokeUserToken(userId: number, tokenId: number): Promise<void> {
  if (!(await revokeApiToken(userId, tokenId))) throw new NotFoundError("Token");
  // Identities are cached for a moment (lib/auth/identity.ts): this process forgets this one at once.
  forgetTokens(tokenId);
}
