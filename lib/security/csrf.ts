import { ForbiddenError, DomainError } from "@/lib/errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
// Types a cross-origin page may send without a CORS preflight; a JSON API never needs the first two.
const FORM_TYPES = ["text/plain", "application/x-www-form-urlencoded"];

/** True when the browser attaches ambient credentials (cookies) and no Bearer token authenticates. */
export function isCookieAuthenticated(req: Request): boolean {
  if (/^Bearer\s/i.test(req.headers.get("authorization") ?? "")) return false;
  return (req.headers.get("cookie") ?? "").trim().length > 0;
}

/** The origin this app is served from: APP_URL when configured, else the Host the browser used. */
export function expectedOrigin(req: Request, appUrl: string | undefined): string | undefined {
  if (appUrl) return new URL(appUrl).origin;
  const host = req.headers.get("host") ?? new URL(req.url).host;
  return host ? host.toLowerCase() : undefined;
}

function sameOrigin(origin: string, expected: string | undefined): boolean {
  if (!expected) return false;
  try {
    const o = new URL(origin);
    // Without APP_URL we know the host but not the scheme a proxy terminated: compare hosts.
    return expected.includes("://") ? o.origin === expected : o.host.toLowerCase() === expected;
  } catch {
    return false;
  }
}

/**
 * CSRF guard for a state-changing request that cookies authenticate: no form-encodable content types,
 * and the browser's Origin / Sec-Fetch-Site must say the request comes from this app's own pages.
 * Bearer-token requests (the extension, scripts) carry no ambient credentials and skip it.
 */
export function checkCsrf(req: Request, appUrl: string | undefined): void {
  if (SAFE_METHODS.has(req.method.toUpperCase()) || !isCookieAuthenticated(req)) return;
  const type = (req.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (FORM_TYPES.includes(type)) {
    throw new DomainError("unsupported", "Send the body as application/json (or multipart/form-data for uploads)");
  }
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") throw new ForbiddenError("Cross-site requests are not accepted");
  const origin = req.headers.get("origin");
  if (origin !== null && !sameOrigin(origin, expectedOrigin(req, appUrl))) {
    throw new ForbiddenError("Cross-origin requests are not accepted");
  }
}
