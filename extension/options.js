import { DEFAULTS, normalizeServer, originPattern, parseExtraOrigins } from "./lib/settings.js";

const $ = (id) => document.getElementById(id);
const status = (text, kind = "") => {
  $("status").textContent = text;
  $("status").className = `status ${kind}`;
};

async function load() {
  const s = await chrome.storage.sync.get(DEFAULTS);
  $("enabled").checked = s.enabled !== false;
  $("server").value = s.server;
  $("token").value = s.token;
  $("origins").value = (s.extraOrigins ?? []).join("\n");
}

/** Asks for the hosts we lack (must run inside the click that saved: Chrome wants a user gesture). */
async function requestHosts(origins) {
  const missing = [];
  for (const o of origins) if (!(await chrome.permissions.contains({ origins: [o] }))) missing.push(o);
  if (missing.length === 0) return true;
  return chrome.permissions.request({ origins: missing });
}

$("form").addEventListener("submit", async (e) => {
  e.preventDefault();
  let server;
  try {
    server = normalizeServer($("server").value);
  } catch (err) {
    return status(err.message, "error");
  }
  const { patterns, errors } = parseExtraOrigins($("origins").value);
  if (errors.length) return status(errors.join("\n"), "error");
  const hosts = [originPattern(server), ...patterns.map((p) => originPattern(p.replace(/\*.*$/, "")))];
  let granted = false;
  try {
    granted = await requestHosts([...new Set(hosts)]);
  } catch (err) {
    return status(`Permission request failed: ${err.message}`, "error");
  }
  await chrome.storage.sync.set({ server, token: $("token").value.trim(), enabled: $("enabled").checked, extraOrigins: patterns });
  $("server").value = server;
  const sync = await chrome.runtime.sendMessage({ type: "framecart:sync-origins" }).catch(() => null);
  if (!granted) status("Saved, but Chrome did not grant access to every address: clicks to that server or on those pages will not work.", "error");
  else status(`Saved.${sync?.granted?.length ? ` Also active on: ${sync.granted.join(", ")}` : ""}`, "ok");
});

$("enabled").addEventListener("change", () => chrome.storage.sync.set({ enabled: $("enabled").checked }));

$("test").addEventListener("click", async () => {
  let server;
  try {
    server = normalizeServer($("server").value);
  } catch (err) {
    return status(err.message, "error");
  }
  status("Testing…");
  try {
    const res = await fetch(`${server}/api/health`, { credentials: "omit", signal: AbortSignal.timeout(5000) });
    status(res.ok ? `The server answers (${res.status}).` : `The server answered ${res.status}.`, res.ok ? "ok" : "error");
  } catch {
    status(`Cannot reach ${server} (is it running, and is access granted?)`, "error");
  }
});

load();
