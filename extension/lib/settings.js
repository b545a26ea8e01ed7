// Settings shared by the service worker, the options page and the popup (plain ES module).
// chrome.storage.sync: { server, token, enabled, extraOrigins }; chrome.storage.local: { deviceId, recent }.

export const DEFAULT_SERVER = "http://127.0.0.1:3000";
export const DEFAULTS = Object.freeze({ server: DEFAULT_SERVER, token: "", enabled: true, extraOrigins: [] });
export const RECENT_MAX = 20;

/**
 * A server URL as typed → its normalised form (scheme, host, port, path without trailing slash).
 * @throws {Error} when it is not an http(s) URL
 */
export function normalizeServer(input) {
  const raw = String(input ?? "").trim();
  if (!raw) return DEFAULT_SERVER;
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`Not a URL: ${raw}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`The server must be http:// or https://, not ${url.protocol}`);
  if (url.username || url.password) throw new Error("Put the API token in its own field, not in the URL");
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/** The host-permission pattern that covers a URL's origin (any path), e.g. http://127.0.0.1:3000/*. */
export function originPattern(url) {
  return `${new URL(url).origin}/*`;
}

/**
 * Extra origins for the content script, one per line: an origin (`http://127.0.0.1:8080` → its
 * `/watch*` pages) or a full match pattern (`http://127.0.0.1:8080/player/*`).
 * @returns {{ patterns: string[], errors: string[] }}
 */
export function parseExtraOrigins(text) {
  const patterns = [];
  const errors = [];
  for (const line of String(text ?? "").split(/[\n,]/)) {
    const s = line.trim();
    if (!s) continue;
    const m = /^(https?):\/\/([^/*]+)(\/.*)?$/.exec(s);
    if (!m) {
      errors.push(`${s}: expected http(s)://host[:port][/path*]`);
      continue;
    }
    let url;
    try {
      url = new URL(`${m[1]}://${m[2]}/`);
    } catch {
      errors.push(`${s}: not a valid origin`);
      continue;
    }
    const path = !m[3] || m[3] === "/" ? "/watch*" : m[3];
    const pattern = `${url.protocol}//${url.host}${path}`;
    if (!patterns.includes(pattern)) patterns.push(pattern);
  }
  return { patterns, errors };
}

/** What the content script's click must carry before it may be sent (mirrors the server's schema). */
export function sanitizeClick(c, deviceId) {
  const num = (v) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
  const x = num(c?.x);
  const y = num(c?.y);
  const timestamp = num(c?.timestamp);
  const videoId = typeof c?.videoId === "string" ? c.videoId.trim() : "";
  if (x === undefined || y === undefined || timestamp === undefined || !videoId) return null;
  const out = { x: Math.max(0, x), y: Math.max(0, y), timestamp: Math.max(0, timestamp), videoId };
  const pw = num(c.playerWidth);
  const ph = num(c.playerHeight);
  if (pw > 0 && ph > 0) Object.assign(out, { playerWidth: pw, playerHeight: ph });
  const vw = num(c.videoWidth);
  const vh = num(c.videoHeight);
  if (vw > 0 && vh > 0) Object.assign(out, { videoWidth: Math.round(vw), videoHeight: Math.round(vh) });
  if (typeof deviceId === "string" && /^[A-Za-z0-9_-]{8,64}$/.test(deviceId)) out.deviceId = deviceId;
  return out;
}

/** A fresh random device id (base64url, 22 characters). */
export function newDeviceId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function productUrl(server, productId) {
  return `${server}/products/${encodeURIComponent(productId)}`;
}

export function addToCartUrl(server, productId, videoId, clickId) {
  const q = new URLSearchParams({ product: String(productId), video: String(videoId) });
  if (clickId != null) q.set("click", String(clickId));
  return `${server}/cart/add?${q}`;
}

/** A URL the server gave (maybe relative) → absolute, only if it stays on the server's origin. */
export function serverUrl(server, href) {
  if (!href) return null;
  try {
    const u = new URL(href, `${server}/`);
    return u.origin === new URL(server).origin ? u.href : null;
  } catch {
    return null;
  }
}

export function formatPrice(priceCents, currency, locale) {
  if (typeof priceCents !== "number" || !Number.isFinite(priceCents)) return "";
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency: currency || "EUR" }).format(priceCents / 100);
  } catch {
    return `${(priceCents / 100).toFixed(2)} ${currency ?? ""}`.trim();
  }
}

/** Adds a result to the recent list (newest first, at most RECENT_MAX). */
export function pushRecent(list, entry) {
  return [entry, ...(Array.isArray(list) ? list : [])].slice(0, RECENT_MAX);
}
