import path from "node:path";
import { sideBySide, type Panel } from "./align-image";
import { estimateOffset, type OffsetEstimate } from "./align-offset";
import { extractFrame } from "./frames";
import type { VideoProbe } from "./probe";
import { frameAt, frameDurations, ptsMsOf, type Timeline } from "./timeline";
import { getProbe, getTimeline } from "./timeline-read";

// The same moment in two recordings: B started offsetMs after A, so at A's ms the frame on screen
// in B is the one at ms − offsetMs on B's own clock (the last frame with pts ≤ that).

export type OffsetSpec = number | "auto";

export interface AlignSide {
  /** The time asked for on this file's own clock (ms from its first frame). */
  atMs: number;
  /** The frame on screen then; null when the recording had not started yet. */
  index: number | null;
  ptsMs: number | null;
  /** Frames that precede it in the file (equals index: display order from 0). */
  skipped: number | null;
  frameCount: number;
  /** Why there is no frame, or that the file ended and its last frame stays on screen. */
  note?: string;
}

export type OffsetInfo =
  | { mode: "given" }
  | ({ mode: "auto" } & Pick<OffsetEstimate, "confidence" | "agreement" | "toleranceMs" | "overlapFrames">);

export interface AlignResult {
  atMs: number;
  a: AlignSide;
  b: AlignSide;
  offsetMs: number;
  offset: OffsetInfo;
}

export interface AlignOptions {
  offset?: OffsetSpec;
  /** Names printed in the image captions (default: the file names). */
  labels?: { a?: string; b?: string };
  /** Height of the pictures in the image (default: the taller video's, at most 720). */
  maxHeight?: number;
  signal?: AbortSignal;
}

/** A time outside both recordings. */
export class AlignRangeError extends RangeError {
  readonly code = "out_of_range";
}

interface Source {
  file: string;
  probe: VideoProbe;
  timeline: Timeline;
  /** When the last frame stops being on screen: its pts + the previous frame's duration. */
  endMs: number;
}

async function load(file: string, signal?: AbortSignal): Promise<Source> {
  const probe = await getProbe(file, { signal });
  const timeline = await getTimeline(file, { probe, signal });
  if (timeline.frameCount === 0) throw new AlignRangeError(`${path.basename(file)} has no frames`);
  const d = frameDurations(timeline);
  const last = d[d.length - 1];
  const endMs = ptsMsOf(timeline, timeline.frameCount - 1) + (last === undefined ? 0 : (last * 1000) / timeline.timescale);
  return { file, probe, timeline, endMs };
}

function side(s: Source, atMs: number, name: string): AlignSide {
  const index = frameAt(s.timeline, atMs);
  const frameCount = s.timeline.frameCount;
  if (index < 0) {
    return { atMs, index: null, ptsMs: null, skipped: null, frameCount, note: `${name} has not started yet: its first frame comes ${fmt(-atMs)} ms later` };
  }
  const out: AlignSide = { atMs, index, ptsMs: ptsMsOf(s.timeline, index), skipped: index, frameCount };
  if (atMs >= s.endMs) out.note = `${name} ended at ${fmt(s.endMs)} ms; its last frame stays on screen`;
  return out;
}

const fmt = (ms: number) => String(Math.round(ms * 1000) / 1000);

/** Finds the frames on screen at `atMs` (A's clock) in both files; no images. */
export async function alignAt(fileA: string, fileB: string, atMs: number, opts: AlignOptions = {}): Promise<{ result: AlignResult; a: Source; b: Source }> {
  if (!Number.isFinite(atMs)) throw new AlignRangeError(`ms must be a finite number, got ${atMs}`);
  const a = await load(fileA, opts.signal);
  const b = await load(fileB, opts.signal);
  const spec = opts.offset ?? 0;
  let offsetMs: number;
  let offset: OffsetInfo;
  if (spec === "auto") {
    const e = await estimateOffset(fileA, fileB, { signal: opts.signal });
    const r3 = (x: number) => Math.round(x * 1000) / 1000;
    offsetMs = r3(e.offsetMs);
    offset = { mode: "auto", confidence: r3(e.confidence), agreement: r3(e.agreement), toleranceMs: r3(e.toleranceMs), overlapFrames: e.overlapFrames };
  } else {
    if (!Number.isFinite(spec)) throw new AlignRangeError(`offset must be a number of ms or "auto", got ${spec}`);
    offsetMs = spec;
    offset = { mode: "given" };
  }
  // Valid times: from A's first frame to whichever recording ends last (on A's clock).
  const endMs = Math.max(a.endMs, offsetMs + b.endMs);
  if (atMs < 0 || atMs > endMs) {
    throw new AlignRangeError(`ms ${fmt(atMs)} is out of range: A spans 0–${fmt(a.endMs)} ms and B ${fmt(offsetMs)}–${fmt(offsetMs + b.endMs)} ms on A's clock`);
  }
    const result: AlignResult = { atMs, a: side(a, atMs, "A"), b: side(b, atMs - offsetMs, "B"), offsetMs, offset };
  // Printed rounded (300 − 700.7 is −400.70000000000005 in floats); the frame was chosen with the exact value.
  result.b.atMs = Math.round(result.b.atMs * 1e9) / 1e9;
  return { result, a, b };
}

function caption(s: AlignSide): string {
  if (s.index === null || s.ptsMs === null) return `no frame yet · starts in ${fmt(-s.atMs)} ms`;
  return `frame ${s.index} · pts ${fmt(s.ptsMs)} ms · skipped ${s.skipped}`;
}

/** alignAt plus the side-by-side PNG: A left, B right, each captioned with its frame index and pts. */
export async function alignFrames(fileA: string, fileB: string, atMs: number, opts: AlignOptions = {}): Promise<{ result: AlignResult; image: Buffer }> {
  const { result, a, b } = await alignAt(fileA, fileB, atMs, opts);
  const panel = async (s: Source, r: AlignSide, name: string, label: string): Promise<Panel> => {
    const base = { width: s.probe.width, height: s.probe.height, title: `${name} · ${label} · at ${fmt(r.atMs)} ms`, caption: caption(r) };
    if (r.index === null) return { ...base, placeholder: [`${name} has not started yet`, `first frame in ${fmt(-r.atMs)} ms`] };
    const f = await extractFrame(s.file, r.atMs, { format: "png", timeline: s.timeline, probe: s.probe, signal: opts.signal });
    if (f.index !== r.index) throw new Error(`extractFrame returned frame ${f.index}, expected ${r.index}`);
    return { ...base, image: f.image };
  };
  const [pa, pb] = await Promise.all([
    panel(a, result.a, "A", opts.labels?.a ?? path.basename(fileA)),
    panel(b, result.b, "B", opts.labels?.b ?? path.basename(fileB)),
  ]);
  return { result, image: await sideBySide(pa, pb, { maxHeight: opts.maxHeight }) };
}
