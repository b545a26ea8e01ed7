import { DEFAULTS, formatPrice, productUrl } from "./lib/settings.js";

const $ = (id) => document.getElementById(id);

function ago(ms) {
  const s = Math.round((Date.now() - ms) / 1000);
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  return new Date(ms).toLocaleString();
}

function render(recent) {
  const list = $("recent");
  list.replaceChildren();
  $("empty").hidden = recent.length > 0;
  for (const r of recent) {
    const li = document.createElement("li");
    const title = document.createElement("div");
    title.className = "title";
    const meta = document.createElement("div");
    meta.className = "help";
    const t = typeof r.timestamp === "number" ? `${r.timestamp.toFixed(2)} s` : "";
    meta.textContent = `${r.label}${typeof r.confidence === "number" ? ` · ${Math.round(r.confidence * 100)}%` : ""} · ${r.videoId} @ ${t} · ${ago(r.at)}`;
    if (r.product) {
      const a = document.createElement("a");
      a.href = productUrl(r.server, r.product.id);
      a.target = "_blank";
      a.rel = "noopener";
      a.textContent = r.product.name;
      const price = document.createElement("span");
      price.textContent = ` ${formatPrice(r.product.priceCents, r.product.currency, navigator.language)}`;
      title.append(a, price);
    } else {
      title.textContent = `${r.label} (no product)`;
    }
    li.append(title, meta);
    list.append(li);
  }
}

async function init() {
  const [s, { recent }] = await Promise.all([chrome.storage.sync.get(DEFAULTS), chrome.storage.local.get({ recent: [] })]);
  $("enabled").checked = s.enabled !== false;
  $("server").textContent = s.server;
  render(Array.isArray(recent) ? recent : []);
}

$("enabled").addEventListener("change", () => chrome.storage.sync.set({ enabled: $("enabled").checked }));
$("options").addEventListener("click", (e) => {
  e.preventDefault();
  chrome.runtime.openOptionsPage();
});
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === "local" && changes.recent) render(changes.recent.newValue ?? []);
  if (area === "sync" && changes.enabled) $("enabled").checked = changes.enabled.newValue !== false;
});

init();
