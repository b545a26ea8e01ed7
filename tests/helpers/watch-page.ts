import type http from "node:http";

/**
 * A page shaped like YouTube's watch page: #movie_player > container > video (object-fit: contain, so
 * the picture is letterboxed), with a controls bar of `controlsHeight` px on top at the bottom.
 */
export function watchPageHtml(playerWidth: number, playerHeight: number, controlsHeight: number, controlsStyle = "", playerToggles = false): string {
  // Like YouTube's player: a click on the picture toggles play/pause (counted in window.__toggles).
  const toggle = playerToggles
    ? `<script>window.__toggles=0;document.getElementById("movie_player").addEventListener("click",()=>{const v=document.querySelector("video");window.__toggles++;v.paused?v.play():v.pause();});</script>`
    : "";
  return `<!doctype html><html><body style="margin:0;background:#222">
<div id="movie_player" class="html5-video-player" style="position:relative;width:${playerWidth}px;height:${playerHeight}px;background:#000">
  <div class="html5-video-container" style="position:absolute;inset:0">
    <video class="html5-main-video" src="/media.mp4" muted playsinline style="width:100%;height:100%;object-fit:contain"></video>
  </div>
  <div class="ytp-chrome-bottom" style="position:absolute;left:0;right:0;bottom:0;height:${controlsHeight}px;${controlsStyle}"></div>
</div>${toggle}</body></html>`;
}

/** Answers a GET of `media` with HTTP Range support, as a player needs to seek. */
export function sendMedia(req: http.IncomingMessage, res: http.ServerResponse, media: Buffer): void {
  const m = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? "");
  const s = m ? Number(m[1]) : 0;
  const e = m?.[2] ? Number(m[2]) : media.length - 1;
  res.writeHead(m ? 206 : 200, {
    "content-type": "video/mp4",
    "accept-ranges": "bytes",
    "content-length": e - s + 1,
    ...(m ? { "content-range": `bytes ${s}-${e}/${media.length}` } : {}),
  });
  res.end(media.subarray(s, e + 1));
}
