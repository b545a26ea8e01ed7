import { cookies } from "next/headers";
import type { Identity } from "@/lib/auth/identity";
import { currentUser } from "@/lib/auth/identity";
import { CART_COOKIE, type CookieChange, type Shopper } from "./cart";

const MAX_AGE_S = 60 * 24 * 3600;

function readCookie(header: string | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

function secure(req?: Request): boolean {
  if (!req) return false;
  const proto = req.headers.get("x-forwarded-proto") ?? new URL(req.url).protocol.replace(":", "");
  return proto === "https";
}

/** The shopper behind an API request or route handler. */
export function shopperFromRequest(req: Request, identity: Identity | null): Shopper {
  return { userId: identity?.userId ?? null, cartCookie: readCookie(req.headers.get("cookie"), CART_COOKIE) };
}

/** The cookie header for a change: httpOnly, SameSite=Lax, random id; cleared with Max-Age=0. */
export function cartCookieHeader(change: CookieChange, req?: Request): string | undefined {
  const flags = `Path=/; HttpOnly; SameSite=Lax${secure(req) ? "; Secure" : ""}`;
  if (change.set) return `${CART_COOKIE}=${change.set}; Max-Age=${MAX_AGE_S}; ${flags}`;
  if (change.clear) return `${CART_COOKIE}=; Max-Age=0; ${flags}`;
  return undefined;
}

export function applyCookie(res: Response, change: CookieChange, req?: Request): Response {
  const header = cartCookieHeader(change, req);
  if (header) res.headers.append("set-cookie", header);
  return res;
}

/** The shopper in a server component or server action. */
export async function currentShopper(): Promise<Shopper & { role: "shopper" | "admin" | null; email: string | null }> {
  const [user, jar] = await Promise.all([currentUser(), cookies()]);
  return { userId: user?.id ?? null, role: user?.role ?? null, email: user?.email ?? null, cartCookie: jar.get(CART_COOKIE)?.value };
}

/** Applies a cookie change from a server action (server components cannot set cookies; they skip it). */
export async function applyCookieInAction(change: CookieChange): Promise<void> {
  const jar = await cookies();
  if (change.set) jar.set(CART_COOKIE, change.set, { httpOnly: true, sameSite: "lax", path: "/", maxAge: MAX_AGE_S });
  else if (change.clear) jar.delete(CART_COOKIE);
}
