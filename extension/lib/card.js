// The answer over the player: a product card, or a quiet hint that fades. Shadow DOM keeps the
// page's styles out; the host is fixed over the <video> and follows it while visible.
// No static imports: the content script loads modules through per-session (use_dynamic_url) URLs,
// which relative imports would not use, so it hands this module the ones it needs.

const HOST_ID = "framecart-overlay-host";

const CSS = `
:host { all: initial; }
.layer { position: absolute; inset: 0; pointer-events: none; font: 13px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.pic { position: absolute; }
.card { position: absolute; top: 12px; right: 12px; width: 240px; pointer-events: auto; background: rgba(255,255,255,.97); color: #111;
  border-radius: 10px; box-shadow: 0 6px 24px rgba(0,0,0,.35); overflow: hidden; animation: in .14s ease-out; }
.card img { display: block; width: 100%; height: 130px; object-fit: cover; background: #eee; }
.body { padding: 10px 12px 12px; }
.name { font-weight: 600; font-size: 14px; margin: 0 22px 2px 0; overflow: hidden; text-overflow: ellipsis; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; }
.price { font-size: 14px; margin: 2px 0 8px; }
.meta { color: #666; font-size: 11px; margin-bottom: 8px; }
.out { color: #a40; }
.row { display: flex; gap: 8px; }
button { font: inherit; cursor: pointer; border-radius: 6px; padding: 6px 10px; border: 1px solid #bbb; background: #fff; color: #111; flex: 1; }
button.primary { background: #111; color: #fff; border-color: #111; }
button:focus-visible { outline: 2px solid #36f; outline-offset: 1px; }
.close { position: absolute; top: 6px; right: 6px; flex: none; width: 24px; height: 24px; padding: 0; border: 0; border-radius: 12px;
  background: rgba(0,0,0,.55); color: #fff; font-size: 15px; line-height: 24px; }
.hint { position: absolute; left: 50%; bottom: 18%; transform: translateX(-50%); pointer-events: none; background: rgba(0,0,0,.6);
  color: #fff; padding: 5px 12px; border-radius: 14px; font-size: 12px; white-space: nowrap; max-width: 80%; overflow: hidden;
  text-overflow: ellipsis; transition: opacity .6s ease; }
.hint.fade { opacity: 0; }
.dot { position: absolute; width: 14px; height: 14px; margin: -7px 0 0 -7px; border-radius: 50%; border: 2px solid #fff;
  box-shadow: 0 0 0 1px rgba(0,0,0,.5); animation: ping .7s ease-out forwards; }
@keyframes ping { from { transform: scale(.6); opacity: 1; } to { transform: scale(2.2); opacity: 0; } }
@keyframes in { from { transform: translateY(-6px); opacity: 0; } to { transform: none; opacity: 1; } }
`;

/**
 * @param {{ open: (url: string) => void, geometry: typeof import("./geometry.js"), settings: typeof import("./settings.js") }} deps
 *   `open` opens a shop page in a new tab
 */
export function createOverlay({ open, geometry, settings }) {
  const { containRect } = geometry;
  const { addToCartUrl, formatPrice, productUrl, serverUrl } = settings;
  let host = null;
  let layer = null;
  let pic = null;
  let video = null;
  let raf = 0;
  let hintTimer = 0;
  let lastRect = "";

  function ensure(v) {
    video = v;
    const parent = document.fullscreenElement ?? document.body;
    if (!host || !host.isConnected || host.parentNode !== parent) {
      host?.remove();
      host = document.createElement("div");
      host.id = HOST_ID;
      host.style.cssText = "position:fixed;left:0;top:0;width:0;height:0;z-index:2147483000;pointer-events:none;";
      // Clicks on the card must reach neither the player (play/pause) nor our own click listener.
      for (const type of ["pointerdown", "mousedown", "mouseup", "click", "dblclick"]) host.addEventListener(type, (e) => e.stopPropagation());
      const root = host.attachShadow({ mode: "open" });
      const style = document.createElement("style");
      style.textContent = CSS;
      layer = document.createElement("div");
      layer.className = "layer";
      pic = document.createElement("div");
      pic.className = "pic";
      layer.append(pic);
      root.append(style, layer);
      parent.append(host);
    }
    follow();
  }

  // Keep the host over the video (scroll, resize, theatre mode, fullscreen) while something shows.
  function follow() {
    cancelAnimationFrame(raf);
    const step = () => {
      if (!host || !video || !video.isConnected) return hide();
      // Entering or leaving fullscreen: only the fullscreen element's subtree is drawn.
      const parent = document.fullscreenElement ?? document.body;
      if (host.parentNode !== parent) parent.append(host);
      const r = video.getBoundingClientRect();
      const key = `${r.left},${r.top},${r.width},${r.height},${video.videoWidth},${video.videoHeight}`;
      if (key !== lastRect) {
        lastRect = key;
        Object.assign(host.style, { left: `${r.left}px`, top: `${r.top}px`, width: `${r.width}px`, height: `${r.height}px` });
        // The card sits on the picture itself, not on the black bars.
        const c = video.videoWidth > 0 && r.width > 0 ? containRect(r.width, r.height, video.videoWidth, video.videoHeight) : { x: 0, y: 0, width: r.width, height: r.height };
        Object.assign(pic.style, { left: `${c.x}px`, top: `${c.y}px`, width: `${c.width}px`, height: `${c.height}px` });
      }
      if (pic.childElementCount > 0) raf = requestAnimationFrame(step);
      else hide();
    };
    raf = requestAnimationFrame(step);
  }

  function clear(selector) {
    for (const el of pic.querySelectorAll(selector)) el.remove();
  }

  /** A short ring where the viewer clicked (x, y relative to the video element). */
  function ping(v, x, y) {
    ensure(v);
    clear(".card"); // a new click asks a new question
    const c = v.videoWidth > 0 ? containRect(v.clientWidth || 1, v.clientHeight || 1, v.videoWidth, v.videoHeight) : { x: 0, y: 0 };
    const dot = document.createElement("div");
    dot.className = "dot";
    dot.style.left = `${x - c.x}px`;
    dot.style.top = `${y - c.y}px`;
    pic.append(dot);
    setTimeout(() => dot.remove(), 800);
  }

  function hint(v, text, ms = 1600) {
    ensure(v);
    clear(".hint");
    clearTimeout(hintTimer);
    const el = document.createElement("div");
    el.className = "hint";
    el.setAttribute("role", "status");
    el.textContent = text;
    pic.append(el);
    hintTimer = setTimeout(() => {
      el.classList.add("fade");
      setTimeout(() => el.remove(), 650);
    }, ms);
  }

  function card(v, result) {
    ensure(v);
    clear(".card, .hint");
    const product = result.products[0];
    const server = result.server;
    const el = document.createElement("div");
    el.className = "card";
    el.setAttribute("role", "dialog");
    el.setAttribute("aria-label", `Framecart: ${product.name}`);
    const imgSrc = result.image ?? serverUrl(server, product.imageUrl);
    if (imgSrc) {
      const img = document.createElement("img");
      img.alt = "";
      img.src = imgSrc;
      img.addEventListener("error", () => img.remove());
      el.append(img);
    }
    const body = document.createElement("div");
    body.className = "body";
    const name = document.createElement("div");
    name.className = "name";
    name.textContent = String(product.name ?? "");
    const price = document.createElement("div");
    price.className = "price";
    price.textContent = formatPrice(product.priceCents, product.currency, navigator.language);
    if (product.inStock === false) {
      const out = document.createElement("span");
      out.className = "out";
      out.textContent = " · out of stock";
      price.append(out);
    }
    const meta = document.createElement("div");
    meta.className = "meta";
    const conf = typeof result.match?.confidence === "number" ? ` · ${Math.round(result.match.confidence * 100)}%` : "";
    meta.textContent = `${productHeadline(String(result.match?.label ?? ""), product.source === "attached" ? "attached" : "class")}${conf}${result.products.length > 1 ? ` · ${result.products.length - 1} more in the shop` : ""}`;
    meta.dataset.source = product.source === "attached" ? "attached" : "class";
    const row = document.createElement("div");
    row.className = "row";
    const view = button("View", () => open(productUrl(server, product.id)));
    const add = button("Add to cart", () => open(addToCartUrl(server, product.id, result.videoId, result.clickId)));
    add.classList.add("primary");
    row.append(view, add);
    const close = button("×", () => el.remove());
    close.className = "close";
    close.setAttribute("aria-label", "Close");
    body.append(name, price, meta, row);
    el.append(body, close);
    el.addEventListener("keydown", (e) => {
      if (e.key === "Escape") el.remove();
    });
    pic.append(el);
  }

  function button(text, onClick) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.addEventListener("click", (e) => {
      e.preventDefault();
      onClick();
    });
    return b;
  }

  /** Shows what the service worker answered for a click. */
  function showAnswer(v, answer) {
    if (!answer) return hint(v, "Framecart: no answer", 2500);
    if (!answer.ok) {
      if (answer.error?.code === "disabled") return;
      return hint(v, `Framecart: ${answer.error?.message ?? "something went wrong"}`, 3000);
    }
    const r = answer.result;
    if (r.status === "unpublished" || r.status === "unknown") return hint(v, r.message ?? "No shop for this video yet", 2200);
    if (!r.match) return hint(v, r.message ?? "Nothing here");
    if (!r.products?.length) return hint(v, `${r.match.label} — not in the shop yet`, 2200);
    card(v, r);
  }

  function hide() {
    cancelAnimationFrame(raf);
    clearTimeout(hintTimer);
    host?.remove();
    host = null;
    video = null;
    lastRect = "";
  }

  return { ping, hint, showAnswer, hide };
}

// The same wording as lib/clicks/wording.ts (checked by tests/unit/click-wording.test.ts): an attached
// product is what was clicked, a class suggestion is only a guess.
const IRREGULAR = { person: "people", mouse: "mice", knife: "knives", sheep: "sheep", bus: "buses", glass: "glasses" };

export function plural(label) {
  const l = label.trim();
  return IRREGULAR[l.toLowerCase()] ?? (/(s|x|ch|sh)$/i.test(l) ? `${l}es` : `${l}s`);
}

export function productHeadline(label, source) {
  const a = /^[aeiou]/i.test(label) ? "an" : "a";
  return source === "attached" ? `You clicked the ${label}` : `Looks like ${a} ${label} — products for ${plural(label)}`;
}
