"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { overlaySchema, type Overlay } from "@/lib/player/schemas";
import { frameBoxes, overlayIndex, videoToElement, type DrawnFrame } from "@/lib/player/sync";
import { frameOnScreen } from "@/lib/match/engine";
import { ptsMsOf } from "@/lib/media/timeline";
import { BoxLayer } from "./box-layer";
import { sendClick } from "./click-client";
import { Controls } from "./controls";
import { InThisVideo } from "./in-this-video";
import { ProductCard, type CardState } from "./product-card";

type Load = { kind: "loading" } | { kind: "error"; message: string } | { kind: "ready"; overlay: Overlay };
const EMPTY: DrawnFrame = { frameIndex: null, ptsMs: null, boxes: [] };
// Seeking to a frame's pts lands a hair after it, so µs rounding in the browser never shows the frame before.
const SEEK_NUDGE_S = 1e-4;

/** The shopper's video page body: player with synced boxes, click → product card, and "In this video". */
export function VideoShop({ videoId, title, youtubeId, startMs }: { videoId: number; title: string; youtubeId: string; startMs?: number }) {
  const video = useRef<HTMLVideoElement>(null);
  const [load, setLoad] = useState<Load>({ kind: "loading" });
  const [frame, setFrame] = useState<{ f: DrawnFrame; source: string }>({ f: EMPTY, source: "" });
  const [hovered, setHovered] = useState<number | null>(null);
  const [card, setCard] = useState<CardState | null>(null);
  const [playing, setPlaying] = useState(false);
  const [time, setTime] = useState({ current: 0, duration: 0 });
  const [mediaError, setMediaError] = useState<string | null>(null);

  useEffect(() => {
    let gone = false;
    fetch(`/api/videos/${videoId}/overlay`)
      .then(async (r) => {
        if (!r.ok) throw new Error(r.status === 404 ? "This video is not available." : `The video's objects could not be loaded (HTTP ${r.status}).`);
        return overlaySchema.parse(await r.json());
      })
      .then((overlay) => !gone && setLoad({ kind: "ready", overlay }))
      .catch((e: unknown) => !gone && setLoad({ kind: "error", message: e instanceof Error ? e.message : String(e) }));
    return () => {
      gone = true;
    };
  }, [videoId]);

  const overlay = load.kind === "ready" ? load.overlay : null;
  // The seek bar works before Play: the element's metadata may have loaded before React listened, so read
  // it on mount; until then the stored timeline gives the duration.
  useEffect(() => {
    const v = video.current;
    if (v && v.readyState >= 1) setTime({ current: v.currentTime, duration: v.duration || 0 });
  }, []);
  const timelineS = useMemo(() => timelineDurationS(overlay), [overlay]);
  // The URL keeps the moment (?t= in ms), so back/forward and a reload return to it.
  const keepTime = (s: number) => {
    const url = new URL(window.location.href);
    url.searchParams.set("t", String(Math.round(s * 1000)));
    window.history.replaceState(window.history.state, "", url);
  };
  const index = useMemo(() => (overlay ? overlayIndex(overlay) : null), [overlay]);
  const names = useMemo(() => new Map((overlay?.products ?? []).map((p) => [p.id, p.name])), [overlay]);

  // Draw the frame actually shown: requestVideoFrameCallback reports every presented frame (playing,
  // and after each seek while paused) with its mediaTime. currentTime is used only before the first
  // callback and where the browser lacks the API: after a seek Chrome may present a later frame than
  // "last pts ≤ currentTime" (it cannot seek to frames between a keyframe's dts and pts), and the
  // picture is what the shopper sees.
  useEffect(() => {
    const v = video.current;
    if (!v || !index) return;
    let handle: number | null = null;
    const onFrame = (_now: number, meta: VideoFrameCallbackMetadata) => {
      setFrame({ f: frameBoxes(index, meta.mediaTime, "media-time"), source: "media-time" });
      handle = v.requestVideoFrameCallback(onFrame);
    };
    const fromCurrent = () => setFrame({ f: frameBoxes(index, v.currentTime, "current-time"), source: "current-time" });
    const hasRvfc = typeof (v as Partial<HTMLVideoElement>).requestVideoFrameCallback === "function";
    if (hasRvfc) handle = v.requestVideoFrameCallback(onFrame);
    else {
      v.addEventListener("timeupdate", fromCurrent); // old browsers: coarser, but still the stored boxes
      v.addEventListener("seeked", fromCurrent);
    }
    v.addEventListener("loadeddata", fromCurrent);
    if (v.readyState >= 2) fromCurrent();
    return () => {
      if (handle !== null && hasRvfc) v.cancelVideoFrameCallback(handle);
      v.removeEventListener("timeupdate", fromCurrent);
      v.removeEventListener("seeked", fromCurrent);
      v.removeEventListener("loadeddata", fromCurrent);
    };
  }, [index]);

  const seekMs = useCallback((ms: number) => {
    const v = video.current;
    if (!v) return;
    v.currentTime = Math.max(0, ms / 1000 + SEEK_NUDGE_S);
    v.focus({ preventScroll: true });
  }, []);

  // Open at ?t= once the objects are loaded (so the first drawn frame is the one sought).
  useEffect(() => {
    const v = video.current;
    if (!v || !index || startMs === undefined) return;
    const go = () => seekMs(startMs);
    if (v.readyState >= 1) go();
    else v.addEventListener("loadedmetadata", go, { once: true });
    return () => v.removeEventListener("loadedmetadata", go);
  }, [index, startMs, seekMs]);

  const step = (delta: -1 | 1) => {
    const v = video.current;
    if (!v || !index) return;
    v.pause();
    const pos = frameOnScreen(index, v.currentTime).position;
    const next = Math.min(index.timeline.frameCount - 1, Math.max(0, pos + delta));
    seekMs(ptsMsOf(index.timeline, next));
  };

  const click = async (px: number, py: number) => {
    const v = video.current;
    if (!v) return;
    // Paused, the picture may be a later frame than "last pts ≤ currentTime" (see above): send the time of
    // the frame actually shown (+1 µs against float rounding) so the server matches what the shopper sees.
    const shown = v.paused && frame.source === "media-time" ? frame.f.ptsMs : null;
    const timestamp = shown !== null ? shown / 1000 + 1e-6 : v.currentTime;
    v.pause();
    setCard({ kind: "loading" });
    try {
      const r = await sendClick({
        x: px,
        y: py,
        timestamp,
        videoId: youtubeId,
        playerWidth: v.clientWidth,
        playerHeight: v.clientHeight,
        ...(v.videoWidth > 0 ? { videoWidth: v.videoWidth, videoHeight: v.videoHeight } : {}),
      });
      const product = r.products[0];
      if (r.status === "matched" && product) setCard({ kind: "product", product, clickId: r.clickId, label: r.match?.label ?? null });
      else if (r.status === "matched") setCard({ kind: "nothing", message: `That's a ${r.match?.label ?? "thing"} — nothing from the shop matches it yet.` });
      else if (r.status === "outside") setCard({ kind: "nothing", message: "That was outside the picture." });
      else if (r.status === "pending") setCard({ kind: "nothing", message: "This video is still being analysed. Try again in a minute." });
      else setCard({ kind: "nothing", message: r.message ?? "Nothing to shop there. Try clicking an object." });
    } catch (e) {
      setCard({ kind: "error", message: e instanceof Error ? e.message : "The click could not be sent." });
    }
  };

  const onPictureClick = (e: React.MouseEvent) => {
    const v = video.current;
    if (!v) return;
    const r = v.getBoundingClientRect();
    void click(e.clientX - r.left, e.clientY - r.top);
  };

  const W = overlay?.width ?? 16;
  const H = overlay?.height ?? 9;
  const activateBox = (_trackId: number, centre: { x: number; y: number }) => {
    const v = video.current;
    if (!v) return;
    const p = videoToElement(centre.x, centre.y, v.clientWidth, v.clientHeight, W, H);
    void click(p.x, p.y);
  };

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <div className="space-y-4">
        <div>
          {/* Clicks on the picture (boxes or not) go to the matcher, like the extension's. */}
          <div className="relative aspect-video w-full cursor-crosshair overflow-hidden rounded-t-lg bg-black" onClick={onPictureClick} data-testid="picture">
            <video
              ref={video}
              src={`/api/videos/${videoId}/file`}
              className="absolute inset-0 h-full w-full object-contain"
              preload="auto"
              playsInline
              tabIndex={-1}
              aria-label={title}
              data-testid="video"
              onPlay={() => setPlaying(true)}
              onPause={() => setPlaying(false)}
              onTimeUpdate={(e) => setTime({ current: e.currentTarget.currentTime, duration: e.currentTarget.duration || 0 })}
              onSeeked={(e) => {
                setTime({ current: e.currentTarget.currentTime, duration: e.currentTarget.duration || 0 });
                keepTime(e.currentTarget.currentTime);
              }}
              onPauseCapture={(e) => keepTime(e.currentTarget.currentTime)}
              onLoadedMetadata={(e) => setTime({ current: e.currentTarget.currentTime, duration: e.currentTarget.duration || 0 })}
              onError={() => setMediaError("The video file could not be played.")}
            />
            {overlay && overlay.width && overlay.height ? (
              <BoxLayer frame={frame.f} source={frame.source} width={overlay.width} height={overlay.height} names={names} hovered={hovered} onHover={setHovered} onActivate={activateBox} />
            ) : null}
            {load.kind === "loading" && <p role="status" className="absolute left-3 top-3 rounded bg-black/60 px-2 py-1 text-xs text-white">Loading objects…</p>}
            {mediaError && <p role="alert" className="absolute inset-x-3 top-3 rounded bg-red-700 px-2 py-1 text-sm text-white">{mediaError}</p>}
          </div>
          <Controls
            playing={playing}
            currentS={time.current}
            durationS={time.duration || timelineS}
            frameIndex={frame.f.frameIndex}
            onToggle={() => {
              const v = video.current;
              if (v) void (v.paused ? v.play().catch(() => setMediaError("The browser refused to start playback.")) : v.pause());
            }}
            onSeek={(s) => {
              if (!video.current) return;
              video.current.currentTime = s;
              setTime((t) => ({ ...t, current: s }));
            }}
            onStep={step}
          />
        </div>
        <p className="text-sm text-slate-600">Click anything in the picture (or Tab to a box and press Enter) to find it in the shop.</p>
        <div aria-live="polite">{card && <ProductCard state={card} youtubeId={youtubeId} onClose={() => setCard(null)} />}</div>
      </div>
      <aside aria-labelledby="in-video-h" className="card h-fit space-y-3 p-4">
        <h2 id="in-video-h" className="text-lg font-semibold">In this video</h2>
        {load.kind === "loading" && <p role="status" className="text-sm text-slate-500">Loading products…</p>}
        {load.kind === "error" && <p role="alert" className="text-sm text-red-700">{load.message}</p>}
        {overlay && overlay.runId === null && <p className="text-sm text-slate-600">This video has not been analysed yet, so no objects are marked.</p>}
        {overlay && overlay.runId !== null && <InThisVideo videoId={videoId} products={overlay.products} onSeek={seekMs} />}
      </aside>
    </div>
  );
}

/** The video's length from its stored timeline: the last frame's pts plus one typical frame (0 without one). */
function timelineDurationS(o: Overlay | null): number {
  const t = o?.timeline;
  if (!t || t.pts.length === 0) return 0;
  const last = t.pts[t.pts.length - 1] as number;
  const prev = t.pts.length > 1 ? (t.pts[t.pts.length - 2] as number) : last;
  return (last - t.startPts + (last - prev)) / t.timescale;
}
