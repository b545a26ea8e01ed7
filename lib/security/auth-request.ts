import { NextRequest } from "next/server";
import { safeNextPath } from "./safe-redirect";

const CALLBACK_COOKIES = ["next-auth.callback-url", "__Secure-next-auth.callback-url"];

// next-auth answers 500 (InvalidCallbackUrl) to a callbackUrl that is neither absolute http(s) nor
// "/…"; such a value (query or cookie) becomes a safe path before next-auth sees it. Off-site absolute
// URLs are refused later by the redirect callback (safeAuthRedirect).
function fixCallback(v: string): string {
  return /^https?:\/\//i.test(v) ? v : safeNextPath(v);
}

/** The request next-auth gets: callbackUrl in the query and its cookie made acceptable; else unchanged. */
export function sanitizeAuthRequest(req: Request): Request {
  const url = new URL(req.url);
  let changed = false;
  const cb = url.searchParams.get("callbackUrl");
  if (cb !== null && fixCallback(cb) !== cb) {
    url.searchParams.set("callbackUrl", fixCallback(cb));
    changed = true;
  }
  const headers = new Headers(req.headers);
  const cookie = req.headers.get("cookie");
  if (cookie) {
    const parts = cookie.split(";").map((part) => {
      const eq = part.indexOf("=");
      const name = part.slice(0, eq).trim();
      if (eq <= 0 || !CALLBACK_COOKIES.includes(name)) return part;
      let value = part.slice(eq + 1).trim();
      try {
        value = decodeURIComponent(value);
      } catch {
        value = "/";
      }
      if (fixCallback(value) === value) return part;
      changed = true;
      return ` ${name}=${encodeURIComponent(fixCallback(value))}`;
    });
    headers.set("cookie", parts.join(";").trim());
  }
  if (!changed) return req;
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  // A NextRequest: next-auth's app-router handler reads req.nextUrl.
  return new NextRequest(url, { method: req.method, headers, body: hasBody ? req.body : undefined, ...(hasBody ? { duplex: "half" } : {}) } as ConstructorParameters<typeof NextRequest>[1]);
}
