import { decodeFrames } from "@/lib/media/frames";
import type { VideoProbe } from "@/lib/media/probe";
import { ptsMsOf, type Timeline } from "@/lib/media/timeline";
import { crop, matchTemplate, toGray, type Gray } from "./ncc";
import type { Box4 } from "./schemas";

// Follows a box forward frame by frame with normalised cross-correlation on downscaled grayscale
// frames decoded at their exact pts: the template is the box's patch, searched around where the
// object is expected (last position + last motion), blended with each confident match so slow changes
// of appearance are followed, and the following stops once the best match falls below `minScore`.

export interface FollowInput {
  /** A path or a presigned URL (then `probe` too, made over the URL). */
  file: string;
  timeline: Timeline;
  probe?: VideoProbe;
  /** Full-size frame. */
  width: number;
  height: number;
  startFrame: number;
  box: Box4;
  frames: number;
  /** Stop when the best NCC falls below this (default 0.6). */
  minScore?: number;
  /** Width the frames are decoded at (default 320, never more than the video). */
  workWidth?: number;
  signal?: AbortSignal;
}

export interface FollowedBox {
  frameIndex: number;
  ptsMs: number;
  box: Box4;
  score: number;
}

export interface FollowResult {
  boxes: FollowedBox[];
  /** done: all frames followed; lost: confidence dropped; end: the video ended; edge: the box left the picture. */
  stopped: "done" | "lost" | "end" | "edge";
  lastScore: number | null;
  /** With stopped "lost": the first frame where the target was not found (nothing is kept from it on). */
  lostAt: number | null;
}

const TEMPLATE_BLEND = 0.2;

export async function followBox(input: FollowInput): Promise<FollowResult> {
  const { timeline: t, width: W, height: H } = input;
  const minScore = input.minScore ?? 0.6;
  const ww = Math.min(W, input.workWidth ?? 320);
  const s = ww / W;
  const wh = Math.max(1, Math.round(H * s));
  const lastFrame = Math.min(t.frameCount - 1, input.startFrame + input.frames);
  if (input.startFrame >= t.frameCount - 1) return { boxes: [], stopped: "end", lastScore: null, lostAt: null };
  const [bx, by, bw, bh] = input.box;
  // The template: the box in work pixels, clipped to the picture.
  const tx0 = Math.max(0, Math.round(bx * s));
  const ty0 = Math.max(0, Math.round(by * s));
  const tw = Math.min(ww, Math.round((bx + bw) * s)) - tx0;
  const th = Math.min(wh, Math.round((by + bh) * s)) - ty0;
  if (tw < 4 || th < 4) throw new RangeError("The box is too small to follow (at least 4 work pixels each way)");
  const offX = bx - tx0 / s;
  const offY = by - ty0 / s;
  const radius = Math.max(6, 0.35 * Math.max(tw, th));

  let tpl: Gray | null = null;
  let pos = { x: tx0, y: ty0 };
  let vel = { x: 0, y: 0 };
  let lastScore: number | null = null;
  const boxes: FollowedBox[] = [];
  const frames = decodeFrames(input.file, { timeline: t, probe: input.probe, width: ww, height: wh, startMs: ptsMsOf(t, input.startFrame), endMs: lastFrame + 1 < t.frameCount ? ptsMsOf(t, lastFrame + 1) : Infinity, signal: input.signal });
  for await (const f of frames) {
    const img = toGray(f.data, f.width, f.height);
    if (!tpl) {
      tpl = crop(img, tx0, ty0, tw, th);
      continue;
    }
    const peak = matchTemplate(img, tpl, pos.x + vel.x, pos.y + vel.y, radius);
    lastScore = peak?.score ?? null;
    // The first frame without a confident match ends the follow: what was followed before it is kept, nothing after.
    if (!peak || peak.score < minScore) return { boxes, stopped: "lost", lastScore, lostAt: f.index };
    vel = { x: peak.x - pos.x, y: peak.y - pos.y };
    pos = { x: peak.x, y: peak.y };
    const x = pos.x / s + offX;
    const y = pos.y / s + offY;
    // Stored boxes stay inside the picture (the API's rule for every box).
    const cx = Math.max(0, x);
    const cy = Math.max(0, y);
    const box: Box4 = [cx, cy, Math.min(W, x + bw) - cx, Math.min(H, y + bh) - cy];
    boxes.push({ frameIndex: f.index, ptsMs: f.ptsMs, box: box.map((v) => Math.round(v * 100) / 100) as Box4, score: Math.round(peak.score * 1000) / 1000 });
    const ix = Math.round(pos.x);
    const iy = Math.round(pos.y);
    if (ix < 0 || iy < 0 || ix + tw > img.width || iy + th > img.height) return { boxes, stopped: "edge", lastScore, lostAt: null };
    const patch = crop(img, ix, iy, tw, th);
    for (let i = 0; i < tpl.data.length; i++) tpl.data[i] = (1 - TEMPLATE_BLEND) * (tpl.data[i] as number) + TEMPLATE_BLEND * (patch.data[i] as number);
  }
  return { boxes, stopped: lastFrame >= t.frameCount - 1 && boxes.length < input.frames ? "end" : "done", lastScore, lostAt: null };
}
