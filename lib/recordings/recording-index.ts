// The index written beside a recording's segments (`<id>/index.json`) and mirrored into the
// stream_recordings row when the app records. Times in ticks are the recording's own pts; see
// docs/recording.md for how they map to the source's RTP timestamps.

export type RecordingState = "starting" | "recording" | "reconnecting" | "stopped" | "ended" | "failed";

export interface SegmentEntry {
  index: number;
  /** Which connection (run) the segment came from; pts restart with every run. */
  run: number;
  key: string;
  bytes: number;
  /** Bytes of the init segment (ftyp+moov) at the start of the object; the rest are fragments. */
  initBytes: number;
  frames: number;
  /** First and end presentation time, in `timescale` ticks, end exclusive (last pts + its duration). */
  startPts: number;
  endPts: number;
  startMs: number;
  endMs: number;
  /** Host time the last byte was handed to the uploader, and how long the upload took after that. */
  closedAt: string;
  uploadMs: number;
  /**
   * The audio track's samples in this segment (pts in the run's `audio.timescale` ticks, same origin
   * as the video's); null when the run records audio but none fell in this segment; absent when the
   * run records no audio.
   */
  audio?: TrackSpan | null;
}

export interface TrackSpan {
  startPts: number;
  endPts: number;
  startMs: number;
  endMs: number;
  samples: number;
}

/** A run's audio track: what the camera sent and what the segments hold. */
export interface RunAudio {
  /** The source's codec (ffmpeg's name: aac, opus, pcm_mulaw, …). */
  source: string;
  /** The segments' codec: the source's when stream-copied, "aac" when transcoded. */
  codec: string;
  /** True when the source's codec cannot go into MP4 as it is and only the audio was re-encoded to AAC. */
  transcoded: boolean;
  /** MP4 track timescale (ticks per second of the audio pts; the RTP clock rate, = sample rate). */
  timescale: number | null;
  sampleRate: number | null;
  channels: number | null;
  /**
   * Where the audio's pts 0 lies against the video's by the sender's clock (RTCP), in ms; > 0: the
   * audio's first sample was captured later. Null until both streams' sender reports came (TCP only).
   */
  rtcpSkewMs: number | null;
}

export interface RunEntry {
  run: number;
  transport: "tcp" | "udp";
  connectedAt: string;
  /** Wall-clock time of the run's first frame (pts of its first segment). */
  firstFrameAt: string | null;
  /** The run's first video pts (its pts origin on the host clock is `hostFirstFrameAt`). */
  firstPts?: number;
  /** This machine's estimate (arrival time of the first fragment minus its duration), kept for comparison. */
  hostFirstFrameAt: string | null;
  /** "rtcp": the sender's clock from an RTCP sender report; "host": this machine's clock at arrival. */
  wallclockSource: "rtcp" | "host" | null;
  /** The sender report used: NTP (Unix ms) ↔ RTP timestamp, and the run's first RTP timestamp. */
  rtcp?: { ntpMs: number; rtpTs: number; firstRtpTs: number; clockRate: number };
  endedAt: string | null;
  endReason: string | null;
  /** The run's audio (absent, or null, when the source sends none: the segments hold video only). */
  audio?: RunAudio | null;
}

export interface GapEntry {
  afterRun: number;
  /** Host time the stream dropped, and the time the next run's first frame was on the wire. */
  from: string;
  to: string | null;
  ms: number | null;
  reason: string;
}

export interface RecordingIndex {
  version: 1;
  id: string;
  source: string;
  target: string;
  state: RecordingState;
  timescale: number | null;
  wallclock: { firstFrame: string | null; source: "rtcp" | "host" | null };
  ptsMapping: string;
  runs: RunEntry[];
  segments: SegmentEntry[];
  gaps: GapEntry[];
  error: string | null;
  startedAt: string;
  updatedAt: string;
}

export const PTS_MAPPING =
  "Recording pts are RTP timestamps (90 kHz for video) minus the run's first received RTP timestamp, " +
  "plus the RTSP Range start (npt); each run (reconnect) starts again near 0.";

export const indexKey = (id: string) => `${id}/index.json`;
export const segmentKey = (id: string, n: number) => `${id}/seg-${String(n).padStart(5, "0")}.mp4`;

export function newIndex(id: string, source: string, target: string): RecordingIndex {
  const now = new Date().toISOString();
  return {
    version: 1,
    id,
    source: redactUrl(source),
    target,
    state: "starting",
    timescale: null,
    wallclock: { firstFrame: null, source: null },
    ptsMapping: PTS_MAPPING,
    runs: [],
    segments: [],
    gaps: [],
    error: null,
    startedAt: now,
    updatedAt: now,
  };
}

/** The source URL without its password, for the index and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return url;
  }
}

/** A run as it connects (it joins the index with its first frame); `audio`: how its audio is recorded, if any. */
export function newRun(run: number, transport: "tcp" | "udp", audio?: { source: string; codec: string; transcoded: boolean; sampleRate: number | null; channels: number | null }): RunEntry {
  return {
    run,
    transport,
    connectedAt: new Date().toISOString(),
    firstFrameAt: null,
    hostFirstFrameAt: null,
    wallclockSource: null,
    endedAt: null,
    endReason: null,
    audio: audio ? { source: audio.source, codec: audio.codec, transcoded: audio.transcoded, timescale: null, sampleRate: audio.sampleRate, channels: audio.channels, rtcpSkewMs: null } : null,
  };
}

/** A run's first frame arrived at host time `at`: the run joins the index and closes the open gap. */
export function startRun(index: RecordingIndex, run: RunEntry, at: Date): void {
  run.firstFrameAt = at.toISOString();
  run.hostFirstFrameAt = run.firstFrameAt;
  run.wallclockSource = "host";
  if (run.run === 0) index.wallclock = { firstFrame: run.firstFrameAt, source: "host" };
  const gap = index.gaps[index.gaps.length - 1];
  if (gap && gap.to === null) {
    gap.to = run.hostFirstFrameAt; // host clock, like gap.from
    gap.ms = at.getTime() - Date.parse(gap.from);
  }
  index.runs.push(run);
  index.state = "recording";
}

/** Recorded media in ms, summed over runs (each run: its first segment's start to its last one's end). */
export function recordedMs(index: RecordingIndex): number {
  const runs = new Map<number, { start: number; end: number }>();
  for (const s of index.segments) {
    const r = runs.get(s.run);
    runs.set(s.run, r ? { start: Math.min(r.start, s.startMs), end: Math.max(r.end, s.endMs) } : { start: s.startMs, end: s.endMs });
  }
  let ms = 0;
  for (const r of runs.values()) ms += r.end - r.start;
  return ms;
}

/** Host time at which a run's last indexed segment ends (its media end), or undefined without segments. */
function mediaEndAt(index: RecordingIndex, run: RunEntry): string | undefined {
  const segs = index.segments.filter((s) => s.run === run.run);
  if (!segs.length || !run.hostFirstFrameAt) return undefined;
  const first = Math.min(...segs.map((s) => s.startMs));
  const end = Math.max(...segs.map((s) => s.endMs));
  return new Date(Date.parse(run.hostFirstFrameAt) + end - first).toISOString();
}

/**
 * Closes what a process that lost its recording (crash, lease expired) left open: the last run gets
 * an end, and a gap opens from the end of its last indexed segment; the next run fills the gap's `to`.
 * Earlier runs and segments stay as they are (`gap` false: the recording ends here, no gap). Returns
 * the same index, changed.
 */
export function closeInterrupted(index: RecordingIndex, reason: string, gap = true): RecordingIndex {
  const last = index.runs[index.runs.length - 1];
  const lostAt = (last && mediaEndAt(index, last)) ?? index.updatedAt;
  if (last && last.endedAt === null) {
    last.endedAt = index.updatedAt;
    last.endReason = reason;
  }
  const open = index.gaps[index.gaps.length - 1];
  if (gap && last && !(open && open.to === null)) index.gaps.push({ afterRun: last.run, from: lostAt, to: null, ms: null, reason });
  if (index.state !== "stopped" && index.state !== "ended" && index.state !== "failed") index.state = last ? "reconnecting" : "starting";
  return index;
}
