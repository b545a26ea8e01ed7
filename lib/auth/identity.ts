import { getToken } from "next-auth/jwt";
import { getServerSession } from "next-auth";
import { findActiveToken, touchApiToken } from "@/db/queries/users";
import { ApiError } from "@/lib/api/errors";
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

/** Who sent this request: a Bearer API token (checked against its hash), a session cookie, or nobody. */
export async function identify(req: Request): Promise<Identity | null> {
  const bearer = bearerFrom(req.headers.get("authorization"));
  if (bearer !== undefined) {
    const row = await findActiveToken(hashToken(bearer));
    if (!row) throw new ApiError("unauthorized", "This API token is not valid or has been revoked");
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
      void touchApiToken(row.tokenId).catch(() => {});
    }
    return { userId: row.userId, role: row.role, via: "token", tokenId: row.tokenId };
  }
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
