// Service worker (ES module): the only part that talks to the Framecart server. Content scripts send
// clicks here; nothing leaves the browser while the extension is switched off.
import { DEFAULTS, newDeviceId, normalizeServer, pushRecent, sanitizeClick, serverUrl } from "./lib/settings.js";

const EXTRA_SCRIPT_ID = "framecart-extra-origins";
const REQUEST_TIMEOUT_MS = 8000;
const MAX_IMAGE_BYTES = 1024 * 1024;

async function getSettings() {
  const s = await chrome.storage.sync.get(DEFAULTS);
  let server = DEFAULTS.server;
  try {
    server = normalizeServer(s.server);
  } catch {
    /* a bad stored value falls back to the default */
  }
  return { server, token: String(s.token ?? "").trim(), enabled: s.enabled !== false, extraOrigins: Array.isArray(s.extraOrigins) ? s.extraOrigins : [] };
}

let deviceIdPromise = null;
function getDeviceId() {
  deviceIdPromise ??= (async () => {
    const { deviceId } = await chrome.storage.local.get("deviceId");
    if (typeof deviceId === "string" && deviceId.length >= 8) return deviceId;
    const fresh = newDeviceId();
    await chrome.storage.local.set({ deviceId: fresh });
    return fresh;
  })();
  return deviceIdPromise;
}

// Read-modify-write of the recent list, one at a time (clicks may answer out of order).
let recentChain = Promise.resolve();
function recordRecent(entry) {
  recentChain = recentChain
    .then(async () => {
      const { recent } = await chrome.storage.local.get("recent");
      await chrome.storage.local.set({ recent: pushRecent(recent, entry) });
    })
    .catch(() => undefined);
  return recentChain;
}

function errorResult(code, message) {
  return { ok: false, error: { code, message } };
}

// After the server says it does not know a video, its clicks stay in the browser for a while: no stream
// of every click on every YouTube video to the server.
const UNKNOWN_BACKOFF_MS = 10 * 60 * 1000;
const unknownUntil = new Map();

async function handleClick(raw) {
  const settings = await getSettings();
  if (!settings.enabled) return errorResult("disabled", "Framecart is off");
  const click = sanitizeClick(raw, await getDeviceId());
  if (!click) return errorResult("bad_click", "This click could not be read");
  const unknownKey = `${settings.server} ${click.videoId.split("&")[0]}`;
  if ((unknownUntil.get(unknownKey) ?? 0) > Date.now()) {
    return { ok: true, result: { status: "unknown", match: null, products: [], message: "This video is not in the shop", server: settings.server, videoId: click.videoId, local: true } };
  }

  const headers = { "content-type": "application/json" };
  if (settings.token) headers.authorization = `Bearer ${settings.token}`;
  let res;
  try {
    res = await fetch(`${settings.server}/api/clicks`, {
      method: "POST",
      headers,
      body: JSON.stringify(click),
      credentials: "omit",
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (e) {
    return errorResult("unreachable", e?.name === "TimeoutError" ? "The Framecart server did not answer in time" : `Cannot reach ${settings.server}`);
  }
  let body = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON */
  }
  if (!res.ok || !body || typeof body !== "object") {
    const err = body?.error;
    return errorResult(typeof err?.code === "string" ? err.code : `http_${res.status}`, typeof err?.message === "string" ? err.message : `The server answered ${res.status}`);
  }

  const products = Array.isArray(body.products) ? body.products.slice(0, 5) : [];
  const first = products[0];
  const image = first ? await fetchImage(settings.server, first.imageUrl) : null;
  if (body.videoKnown === false) unknownUntil.set(unknownKey, Date.now() + UNKNOWN_BACKOFF_MS);
  const result = {
    clickId: body.clickId ?? null,
    status: typeof body.status === "string" ? body.status : null,
    message: typeof body.message === "string" ? body.message : null,
    match: body.match ?? null,
    products,
    image,
    server: settings.server,
    videoId: click.videoId,
  };
  if (result.match) {
    await recordRecent({
      at: Date.now(),
      videoId: click.videoId,
      timestamp: click.timestamp,
      clickId: result.clickId,
      label: String(result.match.label ?? ""),
      confidence: typeof result.match.confidence === "number" ? result.match.confidence : null,
      server: settings.server,
      product: first ? { id: first.id, name: String(first.name ?? ""), priceCents: first.priceCents, currency: first.currency } : null,
    });
  }
  return { ok: true, result };
}

// Each video's box index (its shopper overlay, compacted), kept for a while: the content script asks on
// every page and navigation. A 404 (unknown video, or a draft) also starts the unknown-video pause.
const BOXES_TTL_MS = 5 * 60 * 1000;
const boxesCache = new Map();

async function handleBoxes(videoId) {
  const settings = await getSettings();
  if (!settings.enabled) return errorResult("disabled", "Framecart is off");
  if (typeof videoId !== "string" || videoId.length === 0 || videoId.length > 200) return errorResult("bad_video", "No video id");
  const key = `${settings.server} ${videoId.split("&")[0]}`;
  if ((unknownUntil.get(key) ?? 0) > Date.now()) return { ok: true, overlay: null };
  const cached = boxesCache.get(key);
  if (cached && cached.at > Date.now() - BOXES_TTL_MS) return { ok: true, overlay: cached.overlay };
  let res;
  try {
    res = await fetch(`${settings.server}/api/videos/lookup?${new URLSearchParams({ videoId })}`, { credentials: "omit", signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch {
    return errorResult("unreachable", `Cannot reach ${settings.server}`);
  }
  let body = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON */
  }
  // The server's own "no such video" (not any 404, e.g. an older server without this route).
  if (res.status === 404 && body?.error?.code === "not_found") {
    unknownUntil.set(key, Date.now() + UNKNOWN_BACKOFF_MS);
    return { ok: true, overlay: null };
  }
  if (!res.ok) return errorResult(`http_${res.status}`, `The server answered ${res.status}`);
  if (!body || typeof body !== "object") return errorResult(`http_${res.status}`, `The server answered ${res.status}`);
  const overlay = {
    width: body.width,
    height: body.height,
    timeline: body.timeline ?? null,
    tracks: Array.isArray(body.tracks) ? body.tracks.map((t) => ({ id: t.id, holdMs: t.holdMs, boxes: t.boxes })) : [],
  };
  if (boxesCache.size > 50) boxesCache.delete(boxesCache.keys().next().value);
  boxesCache.set(key, { at: Date.now(), overlay });
  return { ok: true, overlay };
}

// Product pictures come as data: URLs so the card shows them on https pages whatever the server's scheme.
async function fetchImage(server, href) {
  const url = serverUrl(server, href);
  if (!url) return null;
  try {
    const res = await fetch(url, { credentials: "omit", signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const type = res.headers.get("content-type") ?? "";
    if (!res.ok || !type.startsWith("image/")) return null;
    const buf = new Uint8Array(await res.arrayBuffer());
    if (buf.byteLength > MAX_IMAGE_BYTES) return null;
    let bin = "";
    for (let i = 0; i < buf.length; i += 0x8000) bin += String.fromCharCode(...buf.subarray(i, i + 0x8000));
    return `data:${type.split(";")[0]};base64,${btoa(bin)}`;
  } catch {
    return null;
  }
}

/** Opens a shop page in a new tab — only pages of the configured server. */
async function openShopPage(href) {
  const { server } = await getSettings();
  const url = serverUrl(server, href);
  if (!url) return errorResult("bad_url", "Not a page of the Framecart server");
  await chrome.tabs.create({ url });
  return { ok: true };
}

/** Registers the content script on the extra (test) origins the user added and granted. */
async function syncExtraScripts() {
  const { extraOrigins } = await getSettings();
  const granted = [];
  for (const pattern of extraOrigins) {
    try {
      const origin = `${new URL(pattern.replace(/\*.*$/, "")).origin}/*`;
      if (await chrome.permissions.contains({ origins: [origin] })) granted.push(pattern);
    } catch {
      /* skip malformed entries */
    }
  }
  const existing = await chrome.scripting.getRegisteredContentScripts({ ids: [EXTRA_SCRIPT_ID] });
  if (existing.length > 0) await chrome.scripting.unregisterContentScripts({ ids: [EXTRA_SCRIPT_ID] });
  if (granted.length === 0) return [];
  await chrome.scripting.registerContentScripts([{ id: EXTRA_SCRIPT_ID, matches: granted, js: ["content.js"], runAt: "document_idle", persistAcrossSessions: true }]);
  return granted;
}

function syncQuietly() {
  syncExtraScripts().catch((e) => console.warn("[framecart] content script registration failed:", e));
}

chrome.runtime.onInstalled.addListener(() => {
  getDeviceId();
  syncQuietly();
});
chrome.runtime.onStartup.addListener(syncQuietly);
chrome.permissions.onAdded.addListener(syncQuietly);
chrome.permissions.onRemoved.addListener(syncQuietly);
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === "sync" && "extraOrigins" in changes) syncQuietly();
});

chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  // Only our own pages and content scripts talk to us (no externally_connectable).
  if (sender.id !== chrome.runtime.id || !msg || typeof msg.type !== "string") return false;
  let work;
  if (msg.type === "framecart:click") work = handleClick(msg.click);
  else if (msg.type === "framecart:boxes") work = handleBoxes(msg.videoId);
  else if (msg.type === "framecart:open") work = openShopPage(msg.url);
  else if (msg.type === "framecart:sync-origins") work = syncExtraScripts().then((granted) => ({ ok: true, granted }));
  else return false;
  work.then(sendResponse, (e) => sendResponse(errorResult("internal", e?.message ?? String(e))));
  return true; // answer asynchronously
});
