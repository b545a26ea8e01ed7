import { NextRequest } from "next/server";
import { safeNextPath } from "./safe-redirect";

const CALLBACK_COOKIES = ["next-auth.callback-url", "__Secure-next-auth.callback-url"];

// next-auth answers 500 (InvalidCallbackUrl) to a callbackUrl that is neither absolute http(s) nor
// "/…". Off-site absolute URLs are refused later by the redirect callback (safeAuthRedirect).
function acceptable(v: string): boolean {
  return /^https?:\/\//i.test(v) || (v.startsWith("/") && safeNextPath(v, "") === v);
}

/** The request next-auth gets: an unacceptable callbackUrl in the query becomes a safe path. */
export function sanitizeAuthRequest(req: Request): Request {
  const url = new URL(req.url);
  const cb = url.searchParams.get("callbackUrl");
  if (cb === null || acceptable(cb)) return req;
  url.searchParams.set("callbackUrl", safeNextPath(cb));
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  // A NextRequest: next-auth's app-router handler reads req.nextUrl.
  return new NextRequest(url, { method: req.method, headers: req.headers, body: hasBody ? req.body : undefined, ...(hasBody ? { duplex: "half" } : {}) } as ConstructorParameters<typeof NextRequest>[1]);
}

/**
 * next-auth reads its callback-url cookie from Next's request store, which cannot be rewritten: a bad
 * one is answered 400 here, with the cookie cleared, instead of next-auth's 500.
 */
export function badCallbackCookieResponse(req: Request): Response | undefined {
  for (const part of (req.headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    const name = part.slice(0, eq).trim();
    if (eq <= 0 || !CALLBACK_COOKIES.includes(name)) continue;
    let value: string;
    try {
      value = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      value = "";
    }
    if (acceptable(value)) continue;
    const secure = name.startsWith("__Secure-") ? "; Secure" : "";
    return Response.json(
      { error: { code: "bad_request", message: "The sign-in return address cookie was not valid; it has been cleared" } },
      { status: 400, headers: { "set-cookie": `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure}` } },
    );
  }
  return undefined;
}
