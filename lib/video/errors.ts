/** The file is not a playable video: empty, corrupt, text, audio-only, a still image, or no frames. */
export class NotAVideoError extends Error {
  readonly code = "not_a_video";
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`Not a video: ${file}: ${reason}`);
    this.name = "NotAVideoError";
  }
}

/** An ffmpeg/ffprobe run failed; the message carries the command and the tail of its stderr. */
export class FfmpegError extends Error {
  readonly code = "ffmpeg_failed";
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly stderrTail: string,
  ) {
    super(message);
    this.name = "FfmpegError";
  }

  /** Killed by a crash signal (not by us): worth retrying with another binary. */
  get crashed(): boolean {
    return this.signal !== null && CRASH_SIGNALS.has(this.signal);
  }
}

const CRASH_SIGNALS = new Set<NodeJS.Signals>(["SIGSEGV", "SIGBUS", "SIGILL", "SIGFPE", "SIGABRT"]);

/** Thrown when the caller's AbortSignal fires. */
export function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason;
  const e = new Error("The operation was aborted");
  e.name = "AbortError";
  return e;
}
