import { redactUrls } from "./input";

/** The file is not a playable video: empty, corrupt, text, audio-only, a still image, or no frames. */
export class NotAVideoError extends Error {
  readonly code = "not_a_video";
  readonly file: string;
  readonly reason: string;
  constructor(file: string, reason: string) {
    // A URL input (a presigned S3 GET) keeps its path but loses its signature here.
    const shown = redactUrls(file);
    super(`Not a video: ${shown}: ${redactUrls(reason)}`);
    this.file = shown;
    this.reason = redactUrls(reason);
    this.name = "NotAVideoError";
  }
}

/** An ffmpeg/ffprobe run failed; the message carries the command and the tail of its stderr. */
export class FfmpegError extends Error {
  readonly code = "ffmpeg_failed";
  readonly stderrTail: string;
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
    stderrTail: string,
  ) {
    // ffmpeg echoes its input in errors: a presigned URL's signature must not travel on in them.
    super(redactUrls(message));
    this.stderrTail = redactUrls(stderrTail);
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
