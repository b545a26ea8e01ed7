// Checks the custom server runs on a request's line and headers before Next.js reads (or buffers, for
// the proxy) any of its body: malformed paths, anonymous writes to admin APIs, declared oversize bodies.

export type GateRefusal = { status: 400 | 401 | 413; code: string; message: string };

type GateInput = { method: string; url: string; headers: Record<string, string | string[] | undefined> };

const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const MB = 1024 * 1024;
/** The most any JSON or form route takes; routes check their own, smaller limits again while reading. */
export const DEFAULT_BODY_LIMIT = 1 * MB;

/** The largest body a route can accept at all (uploads are the only big ones). */
export function bodyLimitFor(method: string, path: string, maxUploadBytes: number): number {
  if (method === "POST" && path === "/api/videos") return maxUploadBytes + MB;
  if (/^\/api\/admin\/products\/[^/]+\/image$/.test(path)) return 6 * MB;
  if (path === "/api/admin/products/import") return 3 * MB;
  return DEFAULT_BODY_LIMIT;
}

/** Admin-only writes: nobody without a session cookie or a Bearer token gets them read. */
function needsCredentials(method: string, path: string): boolean {
  return path.startsWith("/api/admin/") || (method === "POST" && path === "/api/videos");
}

function hasCredentials(headers: GateInput["headers"]): boolean {
  const auth = headers.authorization;
  if (typeof auth === "string" && /^Bearer\s+\S/i.test(auth)) return true;
  const cookie = headers.cookie;
  const text = Array.isArray(cookie) ? cookie.join(";") : (cookie ?? "");
  return /(^|;\s*)(__Secure-)?next-auth\.session-token(\.\d+)?=/.test(text);
}

/** Why this request is refused from its headers alone, or null to let it through. */
export function gateRequest(req: GateInput, maxUploadBytes: number): GateRefusal | null {
  const rawPath = req.url.split("?")[0] ?? "/";
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return { status: 400, code: "bad_request", message: "The request path is not valid percent-encoding" };
  }
  const method = req.method.toUpperCase();
  if (!BODY_METHODS.has(method)) return null;
  if (needsCredentials(method, path) && !hasCredentials(req.headers)) {
    return { status: 401, code: "unauthorized", message: "Sign in as an admin" };
  }
  const declared = Number(req.headers["content-length"] ?? "NaN");
  if (Number.isFinite(declared) && declared > bodyLimitFor(method, path, maxUploadBytes)) {
    return { status: 413, code: "payload_too_large", message: "The request body is too large" };
  }
  return null;
}
