import { getToken } from "next-auth/jwt";
import { getServerSession } from "next-auth";
import { findActiveToken, touchApiToken } from "@/db/queries/users";
import { processWide } from "@/lib/cache/lru";
import { UnauthorizedError } from "@/lib/errors";
import { authOptions } from "./options";
import { authSecret } from "./secret";
import { bearerFrom, hashToken } from "./tokens";

export type Identity = {
  userId: number;
  role: "shopper" | "admin";
  via: "session" | "token";
  tokenId?: number;
};

const TOUCH_EVERY_MS = 60_000;
/** How long a valid token is trusted without asking the database: a revocation takes effect within this. */
export const TOKEN_CACHE_TTL_MS = 2_000;
const TOKEN_CACHE_MAX = 10_000;

type CachedToken = { identity: Identity; at: number; touchedAt: number };
// One per process: the click fast path (lib/server) and the copy bundled into Next.js share it.
function tokenCache(): Map<string, CachedToken> {
  return processWide("auth.token-cache", () => new Map<string, CachedToken>());
}

/** Drops cached token identities (all, or one token's by its id), e.g. right after a revocation. */
export function forgetTokens(tokenId?: number): void {
  const cache = tokenCache();
  if (tokenId === undefined) return cache.clear();
  for (const [hash, c] of cache) if (c.identity.tokenId === tokenId) cache.delete(hash);
}

// SHA-256 of recently seen Bearer strings (a pure function, memoised: a hot client's every request
// would hash the same string again). Bounded like the identity cache.
const hashes = new Map<string, string>();
function bearerHash(bearer: string): string {
  let h = hashes.get(bearer);
  if (h === undefined) {
    if (hashes.size >= TOKEN_CACHE_MAX) hashes.clear();
    hashes.set(bearer, (h = hashToken(bearer)));
  }
  return h;
}

/** A Bearer token's identity: cached for TOKEN_CACHE_TTL_MS, so hot clients cost no lookup per request. */
async function tokenIdentity(bearer: string): Promise<Identity> {
  const hash = bearerHash(bearer);
  const cache = tokenCache();
  const now = Date.now();
  const hit = cache.get(hash);
  if (hit && now - hit.at < TOKEN_CACHE_TTL_MS) return hit.identity;
  // Only valid tokens are cached: a token created a moment ago works at once, invalid ones always ask.
  const row = await findActiveToken(hash);
  if (!row) {
    cache.delete(hash);
    throw new UnauthorizedError("This API token is not valid or has been revoked");
  }
  let touchedAt = hit?.touchedAt ?? row.lastUsedAt?.getTime() ?? 0;
  if (now - touchedAt > TOUCH_EVERY_MS) {
    touchedAt = now;
    void touchApiToken(row.tokenId).catch(() => {});
  }
  const identity: Identity = { userId: row.userId, role: row.role, via: "token", tokenId: row.tokenId };
  if (cache.size >= TOKEN_CACHE_MAX) cache.clear();
  cache.set(hash, { identity, at: now, touchedAt });
  return identity;
}

/**
 * The identity of a request that carries no cookie, from its Authorization header alone: what identify()
 * answers for it. The click fast path calls this without building a Web Request.
 */
export async function identifyBearer(authorization: string | null): Promise<Identity | null> {
  const bearer = bearerFrom(authorization);
  return bearer === undefined ? null : { ...(await tokenIdentity(bearer)) };
}

/** Who sent this request: a Bearer API token (checked against its hash), a session cookie, or nobody. */
export async function identify(req: Request): Promise<Identity | null> {
  const bearer = bearerFrom(req.headers.get("authorization"));
  if (bearer !== undefined) return { ...(await tokenIdentity(bearer)) };
  const cookie = req.headers.get("cookie");
  if (!cookie) return null;
  // next-auth v4 reads the session cookie from req.cookies only, so hand it the parsed Cookie header.
  const jwt = await getToken({
    req: { headers: Object.fromEntries(req.headers.entries()), cookies: parseCookies(cookie) } as unknown as Parameters<
      typeof getToken
    >[0]["req"],
    secret: authSecret(),
  });
  if (!jwt || typeof jwt.uid !== "number") return null;
  return { userId: jwt.uid, role: jwt.role ?? "shopper", via: "session" };
}

/** The signed-in user in a server component or server action, or null. */
export async function currentUser() {
  const session = await getServerSession(authOptions());
  const u = session?.user;
  if (!u || typeof u.id !== "number") return null;
  return { id: u.id, role: u.role, name: u.name ?? "", email: u.email ?? "" };
}

function parseCookies(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      out[name] = part.slice(eq + 1).trim();
    }
  }
  return out;
}
