/**
 * One page shaped like YouTube's single-page app, with the layouts a viewer meets: the watch page
 * (default and theatre), fullscreen, the miniplayer (the player shrinks into `ytd-miniplayer` at the
 * bottom right while the URL moves to the home page) and shorts. Like YouTube it never reloads: it
 * moves the one `#movie_player` between containers, changes the URL with history.pushState and fires
 * `yt-navigate-start` / `yt-navigate-finish` on document. The player toggles play/pause on a click on the
 * picture (counted in window.__toggles), as YouTube's does. The page's own functions:
 *   window.__layout("default" | "theater" | "miniplayer")
 *   window.__navigate(path)          in-page navigation: /watch?v=ID, /shorts/ID (the player's title link follows)
 * and a "Full screen" button (a real requestFullscreen on the player; a test clicks it as a user would).
 */
export function youtubeAppHtml(): string {
  return `<!doctype html><html><head><style>
body{margin:0;background:#0f0f0f;font:14px sans-serif;color:#fff}
#masthead{height:56px;display:flex;align-items:center;gap:8px;padding:0 16px}
ytd-watch-flexy{display:block}
#full-bleed-container{width:100vw;height:0}
ytd-watch-flexy[theater] #full-bleed-container{height:min(75vh,560px)}
#primary{width:854px;height:480px;margin:0 24px}
ytd-watch-flexy[theater] #primary{height:0}
ytd-shorts{display:none;justify-content:center}
ytd-shorts.active{display:flex}
#shorts-container{width:360px;height:640px;border-radius:12px;overflow:hidden}
ytd-miniplayer{display:none;position:fixed;right:12px;bottom:12px;width:400px;background:#212121;border-radius:8px;overflow:hidden}
ytd-miniplayer[active]{display:block}
#miniplayer-slot{width:400px;height:225px}
#movie_player{position:relative;width:100%;height:100%;background:#000}
#movie_player:fullscreen{width:100vw;height:100vh}
.html5-video-container{position:absolute;inset:0}
video.html5-main-video{width:100%;height:100%;object-fit:contain}
.ytp-chrome-top{position:absolute;left:0;right:0;top:0;height:48px}
.ytp-chrome-bottom{position:absolute;left:0;right:0;bottom:0;height:40px}
</style></head><body><ytd-app>
<div id="masthead"><a href="/">Home</a><button id="fs" type="button">Full screen</button></div>
<ytd-watch-flexy><div id="full-bleed-container"></div><div id="primary"><div id="player-slot" style="width:100%;height:100%">
<div id="movie_player" class="html5-video-player">
  <div class="html5-video-container"><video class="html5-main-video" src="/media.mp4" muted playsinline></video></div>
  <div class="ytp-chrome-top"><a class="ytp-title-link" href="/watch?v=demo-product">Title</a></div>
  <div class="ytp-chrome-bottom"></div>
</div></div></div></ytd-watch-flexy>
<ytd-shorts><div id="shorts-container"></div></ytd-shorts>
<ytd-miniplayer><div id="miniplayer-slot"></div><a class="miniplayer-title" href="/watch?v=demo-product">Mini</a></ytd-miniplayer>
</ytd-app><script>
const player = document.getElementById("movie_player");
const video = player.querySelector("video");
const flexy = document.querySelector("ytd-watch-flexy");
window.__toggles = 0;
player.addEventListener("click", (e) => {
  if (e.target.closest(".ytp-chrome-top,.ytp-chrome-bottom")) return;
  window.__toggles++;
  video.paused ? video.play() : video.pause();
});
function idOf(path) {
  const u = new URL(path, location.href);
  return u.searchParams.get("v") || u.pathname.split("/")[2] || "";
}
function place() {
  const mini = document.querySelector("ytd-miniplayer").hasAttribute("active");
  const shorts = location.pathname.startsWith("/shorts/");
  document.querySelector("ytd-shorts").classList.toggle("active", shorts && !mini);
  flexy.style.display = shorts || mini ? "none" : "block";
  const slot = mini ? "miniplayer-slot" : shorts ? "shorts-container" : flexy.hasAttribute("theater") ? "full-bleed-container" : "player-slot";
  document.getElementById(slot).appendChild(player);
  player.classList.toggle("ytp-player-minimized", mini);
}
window.__layout = (layout) => {
  const mini = document.querySelector("ytd-miniplayer");
  if (layout === "miniplayer") {
    const id = idOf(location.href);
    mini.setAttribute("active", "");
    mini.querySelector("a").setAttribute("href", "/watch?v=" + id);
    window.__navigate("/", true);
    return;
  }
  mini.removeAttribute("active");
  if (layout === "theater") flexy.setAttribute("theater", "");
  else flexy.removeAttribute("theater");
  place();
};
window.__navigate = (path, keepVideo) => {
  document.dispatchEvent(new CustomEvent("yt-navigate-start"));
  history.pushState({}, "", path);
  const id = idOf(path);
  if (!keepVideo && id) {
    document.querySelector("ytd-miniplayer").removeAttribute("active");
    player.querySelector(".ytp-title-link").setAttribute("href", "/watch?v=" + id);
    video.src = "/media.mp4?v=" + encodeURIComponent(id);
  }
  place();
  document.dispatchEvent(new CustomEvent("yt-navigate-finish"));
};
document.getElementById("fs").addEventListener("click", () => player.requestFullscreen());
place();
</script></body></html>`;
}
