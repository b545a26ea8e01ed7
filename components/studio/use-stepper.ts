"use client";

import { useEffect, useRef, useState } from "react";
import { frameAtMs } from "./frames";

// Fast, exact frame stepping: seek the page's own <video> to the frame's stored pts and check the frame
// the browser then presents (requestVideoFrameCallback's mediaTime, as the shopper player does) against
// the exact timeline. Only where it presents another frame (Chrome cannot show frames between a
// keyframe's dts and pts after a seek), or presents none in time, does the server's PNG of that frame
// take its place.

/** Seeking to a frame's pts lands a hair after it, so µs rounding never shows the frame before. */
const SEEK_NUDGE_S = 1e-4;
/** mediaTime is kept in whole µs, a hair below the exact pts: read it 50 µs later (lib/player/sync.ts). */
const MEDIA_SLACK_MS = 0.05;
/** After "seeked", how long to wait for the presented frame's callback before asking the server. */
const PRESENT_WAIT_MS = 400;

export type Shown = { frame: number; source: "video" | "server" };

const hasRvfc = (v: HTMLVideoElement) => typeof v.requestVideoFrameCallback === "function";
// Element writes and calls live outside the hook (the element is state, which a hook may not mutate).
const seekTo = (v: HTMLVideoElement, s: number) => {
  v.currentTime = s;
};
const pause = (v: HTMLVideoElement) => v.pause();
const play = (v: HTMLVideoElement) => v.play();

export function useStepper(opts: { video: HTMLVideoElement | null; pts: readonly number[] | null; frame: number; serverOnly: boolean; onPlayFrame: (f: number) => void }) {
  const { video: v, pts, frame, serverOnly, onPlayFrame } = opts;
  const [verdict, setVerdict] = useState<Shown | null>(null);
  const [playing, setPlaying] = useState(false);
  const [ready, setReady] = useState(false);
  const presented = useRef<number | null>(null);
  const onPlay = useRef(onPlayFrame);
  useEffect(() => {
    onPlay.current = onPlayFrame;
  });

  useEffect(() => {
    if (!v) return;
    const up = () => setReady(v.readyState >= 2);
    v.addEventListener("loadeddata", up);
    v.addEventListener("canplay", up);
    v.addEventListener("emptied", up);
    if (v.readyState >= 2) queueMicrotask(up);
    return () => {
      v.removeEventListener("loadeddata", up);
      v.removeEventListener("canplay", up);
      v.removeEventListener("emptied", up);
    };
  }, [v]);

  const native = !serverOnly && ready && v !== null && hasRvfc(v);

  // Paused: seek to the frame and verify the frame presented.
  useEffect(() => {
    if (!v || !pts || playing || !native) return;
    const want = frame;
    if (presented.current === want) {
      queueMicrotask(() => setVerdict({ frame: want, source: "video" }));
      return;
    }
    let cancelled = false;
    let handle: number | null = null;
    let last: number | null = null;
    let seeked = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const decide = (source: Shown["source"]) => {
      if (cancelled) return;
      cancelled = true;
      if (timer) clearTimeout(timer);
      setVerdict({ frame: want, source });
    };
    const onFrame = (_now: number, meta: VideoFrameCallbackMetadata) => {
      handle = null;
      last = frameAtMs(pts, meta.mediaTime * 1000 + MEDIA_SLACK_MS);
      presented.current = last;
      if (last === want) return decide("video");
      if (seeked) return decide("server");
      handle = v.requestVideoFrameCallback(onFrame);
    };
    const onSeeked = () => {
      seeked = true;
      timer = setTimeout(() => decide(last === want ? "video" : "server"), PRESENT_WAIT_MS);
    };
    handle = v.requestVideoFrameCallback(onFrame);
    v.addEventListener("seeked", onSeeked, { once: true });
    seekTo(v, (pts[want] ?? 0) / 1000 + SEEK_NUDGE_S);
    return () => {
      cancelled = true;
      if (handle !== null) v.cancelVideoFrameCallback(handle);
      if (timer) clearTimeout(timer);
      v.removeEventListener("seeked", onSeeked);
    };
  }, [v, frame, pts, native, playing]);

  // Playing: every presented frame moves the studio's frame (and its boxes) along.
  useEffect(() => {
    if (!v || !pts || !playing || !hasRvfc(v)) return;
    let handle = 0;
    const onFrame = (_now: number, meta: VideoFrameCallbackMetadata) => {
      const f = frameAtMs(pts, meta.mediaTime * 1000 + MEDIA_SLACK_MS);
      presented.current = f;
      setVerdict({ frame: f, source: "video" });
      onPlay.current(f);
      handle = v.requestVideoFrameCallback(onFrame);
    };
    handle = v.requestVideoFrameCallback(onFrame);
    const stop = () => setPlaying(false);
    v.addEventListener("ended", stop);
    v.addEventListener("pause", stop);
    return () => {
      v.cancelVideoFrameCallback(handle);
      v.removeEventListener("ended", stop);
      v.removeEventListener("pause", stop);
    };
  }, [playing, pts, v]);

  const toggle = () => {
    if (!v || !ready) return;
    if (playing) pause(v);
    else play(v).then(() => setPlaying(true), () => setPlaying(false));
  };
  const stop = () => {
    if (v && playing) pause(v);
  };

  const shown: Shown | null = !native ? { frame, source: "server" } : verdict && verdict.frame === frame ? verdict : null;
  return { shown, playing, toggle, stop, ready };
}
