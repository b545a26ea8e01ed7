const BASE = "http://app.invalid";

/**
 * A redirect target that stays on this app: a relative path starting with one "/" (no scheme, no host,
 * no backslash or control character that browsers would read as another host), else `fallback`.
 */
export function safeNextPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2000) return fallback;
  if (!value.startsWith("/") || value.startsWith("//")) return fallback;
  // Browsers treat "\" as "/" and drop tabs/newlines, so "/\evil" and "/\t/evil" mean another host.
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** next-auth's redirect callback: same-origin absolute URLs and safe relative paths, else the base URL. */
export function safeAuthRedirect(url: string, baseUrl: string): string {
  try {
    const base = new URL(baseUrl);
    if (url.startsWith("/")) {
      const p = safeNextPath(url, "");
      return p ? `${baseUrl.replace(/\/$/, "")}${p}` : baseUrl;
    }
    const target = new URL(url);
    return target.origin === base.origin ? target.toString() : baseUrl;
  } catch {
    return baseUrl;
  }
}
