// Content script (classic script: MV3 content scripts cannot be modules; it loads its ES modules with
// import()). Watches clicks on the video picture of a watch page, asks the service worker which
// object and product were clicked, and shows the answer over the player.
(() => {
  if (globalThis.__framecartContent) return; // injected twice (manifest + registered origin)
  globalThis.__framecartContent = true;

  const load = (path) => import(chrome.runtime.getURL(path));
  // Modules import nothing themselves (see lib/card.js): the per-session URLs are only known here.
  const modules = Promise.all([load("lib/geometry.js"), load("lib/video-id.js"), load("lib/card.js"), load("lib/settings.js"), load("lib/hit-index.js")]);
  // The click handler must decide synchronously (to stop YouTube's), so it uses the modules once loaded.
  let loaded = null;
  modules.then((m) => (loaded = m)).catch(() => undefined);

  const PLAYER = "#movie_player, .html5-video-player";
  // Anything on the player that is not the picture: controls, menus, ads, end screens, our card.
  const NOT_PICTURE = [
    ".ytp-chrome-bottom",
    ".ytp-chrome-top",
    ".ytp-chrome-controls",
    ".ytp-progress-bar-container",
    ".ytp-popup",
    ".ytp-settings-menu",
    ".ytp-contextmenu",
    "[class*='ytp-ad-']",
    ".video-ads",
    ".ytp-ce-element",
    ".ytp-cards-teaser",
    ".ytp-cards-button",
    ".ytp-paid-content-overlay",
    ".ytp-pause-overlay",
    ".ytp-endscreen-content",
    ".ytp-autonav-endscreen",
    ".ytp-videowall-still",
    ".ytp-suggested-action",
    ".iv-branding",
    "#framecart-overlay-host",
    "button",
    "a[href]",
    "input",
    "select",
    "textarea",
    "[role='button']",
    "[role='slider']",
    "[role='menu']",
  ].join(",");
  const AD_SHOWING = ".ad-showing, .ad-interrupting";
  const NATIVE_CONTROLS_PX = 48; // <video controls> draws its bar on the element itself
  const CLICK_MAX_MS = 1500;
  const CLICK_MAX_MOVE_PX = 8;

  let enabled = true;
  let pending = null;
  let seq = 0;
  let overlay = null;
  let dead = false;

  chrome.storage.sync.get({ enabled: true }).then((s) => (enabled = s.enabled !== false), () => undefined);
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === "sync" && "enabled" in changes) {
      enabled = changes.enabled.newValue !== false;
      if (!enabled) overlay?.hide();
    }
  });

  /** A page that shows one video: watch (www., m.), shorts, embed (also inside other sites' iframes), live. */
  function isVideoPage() {
    return /^\/(watch\/?$|shorts\/|embed\/|live\/)/.test(location.pathname);
  }

  /**
   * The id of the video a player plays: the page's URL on a video page; elsewhere (the miniplayer, which
   * keeps playing while the page shows the home page or search) the player's own title link, which YouTube
   * points at the playing video, or the miniplayer's watch link.
   */
  function videoIdFor(player, vid) {
    if (isVideoPage()) return vid.videoIdFromUrl(location.href);
    // Off a video page only the miniplayer counts (not, say, a thumbnail's hover preview).
    if (!player || !(player.closest("ytd-miniplayer") || player.matches(".ytp-player-minimized"))) return null;
    const link = player?.querySelector("a.ytp-title-link[href]") ?? player?.closest("ytd-miniplayer")?.querySelector("a[href*='watch?v=']");
    return link ? vid.videoIdFromUrl(new URL(link.getAttribute("href"), location.href).href) : null;
  }

  // The box index of the video on the page (extension/lib/hit-index.js), fetched once per video through
  // the service worker: with it a click is known to be a hit or a miss before the page's handler runs.
  let boxes = null; // { key, index } once loaded; index null when the server does not know the video
  let boxesFor = "";
  function keyOf(videoId) {
    return videoId ? videoId.split("&")[0] : "";
  }
  async function loadBoxes(videoId) {
    const key = keyOf(videoId);
    if (!key || key === boxesFor || dead || !enabled) return;
    boxesFor = key;
    const [, , , , hits] = await modules;
    const answer = await send({ type: "framecart:boxes", videoId });
    if (boxesFor !== key) return; // navigated meanwhile
    boxes = { key, index: answer?.ok && answer.overlay ? hits.buildHitIndex(answer.overlay) : null };
    for (const p of document.querySelectorAll(PLAYER)) {
      if (boxes.index) p.setAttribute("data-framecart-boxes", key);
      else p.removeAttribute("data-framecart-boxes");
    }
  }
  function loadBoxesForPage() {
    if (!loaded) return void modules.then(loadBoxesForPage, () => undefined);
    const [, vid] = loaded;
    const player = document.querySelector(PLAYER);
    loadBoxes(videoIdFor(player, vid)).catch(() => undefined);
  }

  /** The <video> whose picture is under the pointer, with the point relative to it; null otherwise. */
  function pictureUnder(ev, geo) {
    const path = ev.composedPath();
    let video = null;
    let player = null;
    for (const n of path) {
      if (!(n instanceof Element)) continue;
      if (n.matches(NOT_PICTURE)) return null;
      if (!video && n instanceof HTMLVideoElement) video = n;
      if (!player && n.matches(PLAYER)) player = n;
    }
    if (player) {
      if (player.matches(AD_SHOWING)) return null;
      video ??= player.querySelector("video.html5-main-video") ?? player.querySelector("video");
    }
    if (!video || video.closest(AD_SHOWING)) return null;
    const hit = geo.clickOnPicture({
      clientX: ev.clientX,
      clientY: ev.clientY,
      rect: video.getBoundingClientRect(),
      videoWidth: video.videoWidth,
      videoHeight: video.videoHeight,
      controlsBand: video.controls ? NATIVE_CONTROLS_PX : 0,
    });
    return hit ? { video, hit } : null;
  }

  async function onPointerDown(ev) {
    pending = null;
    if (dead || !enabled || ev.button !== 0 || !ev.isPrimary) return;
    const [geo] = await modules;
    const under = pictureUnder(ev, geo);
    // The frame the viewer aimed at is the one on screen when the button went down (a click pauses).
    if (under) pending = { at: performance.now(), clientX: ev.clientX, clientY: ev.clientY, time: under.video.currentTime, paused: under.video.paused, ...under };
  }

  async function onClick(ev) {
    const p = pending;
    pending = null;
    if (!p || dead || !enabled) return;
    if (performance.now() - p.at > CLICK_MAX_MS || Math.hypot(ev.clientX - p.clientX, ev.clientY - p.clientY) > CLICK_MAX_MOVE_PX) return; // a drag
    if (!loaded) return;
    const [geometry, vid, ui, settings, hits] = loaded;
    const videoId = videoIdFor(p.video.closest(PLAYER), vid);
    if (!videoId) return;
    if (keyOf(videoId) !== boxesFor) loadBoxes(videoId).catch(() => undefined);
    const { hit } = p;
    // Decided now, before YouTube's own handler runs, from the video's box index: a click that may hit
    // an object is stopped (the player must not toggle under the card); a miss passes through untouched.
    // Without an index (the video is unknown, or its boxes are still on the way) the click passes too.
    const index = boxes?.key === keyOf(videoId) ? boxes.index : null;
    const stopped = !!index && hits.mayHit(index, { x: hit.videoX, y: hit.videoY, videoWidth: hit.videoWidth, videoHeight: hit.videoHeight, timeS: p.time }).maybe;
    if (stopped) {
      ev.stopImmediatePropagation();
      ev.preventDefault();
    }
    overlay ??= ui.createOverlay({ open: (url) => send({ type: "framecart:open", url }), geometry, settings });
    const click = {
      x: hit.x,
      y: hit.y,
      timestamp: p.time,
      videoId,
      playerWidth: hit.playerWidth,
      playerHeight: hit.playerHeight,
      videoWidth: hit.videoWidth,
      videoHeight: hit.videoHeight,
    };
    overlay.ping(p.video, hit.x, hit.y);
    const mine = ++seq;
    const answer = await send({ type: "framecart:click", click });
    if (mine !== seq || dead) return; // a newer click or a navigation superseded this one
    const matched = !!(answer?.ok && answer.result?.match);
    // Rare: the index said "maybe" and the server found nothing (a hidden object's place, a box edge): the
    // player gets the toggle it would have had. Or there was no index yet and the server found an object:
    // the card shows over the player in the state the viewer left it.
    if (stopped && !matched) {
      if (p.paused) p.video.play().catch(() => undefined);
      else p.video.pause();
    } else if (!stopped && matched && p.video.paused !== p.paused) {
      if (p.paused) p.video.pause();
      else p.video.play().catch(() => undefined);
    }
    overlay.showAnswer(p.video, answer);
  }

  async function send(msg) {
    try {
      return await chrome.runtime.sendMessage(msg);
    } catch (e) {
      // The extension was reloaded or removed: this copy of the script is orphaned.
      if (/context invalidated/i.test(String(e?.message))) {
        dead = true;
        detach();
        return null;
      }
      return { ok: false, error: { code: "internal", message: "the extension did not answer" } };
    }
  }

  // YouTube changes videos without reloading the page: drop what belonged to the previous one.
  let lastHref = location.href;
  function onNavigate() {
    if (location.href === lastHref) return;
    lastHref = location.href;
    pending = null;
    seq++;
    overlay?.hide();
    loadBoxesForPage();
  }
  const poll = setInterval(onNavigate, 1000); // fallback for pages without yt-navigate-finish

  function detach() {
    document.removeEventListener("pointerdown", onPointerDown, true);
    document.removeEventListener("click", onClick, true);
    document.removeEventListener("yt-navigate-finish", onNavigate);
    window.removeEventListener("popstate", onNavigate);
    clearInterval(poll);
    overlay?.hide();
  }

  document.addEventListener("pointerdown", onPointerDown, true);
  document.addEventListener("click", onClick, true);
  document.addEventListener("yt-navigate-finish", onNavigate);
  window.addEventListener("popstate", onNavigate);
  loadBoxesForPage();
  modules.catch((e) => console.warn("[framecart] could not load its modules:", e));
})();
