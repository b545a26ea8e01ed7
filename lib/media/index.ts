export { NotAVideoError, FfmpegError } from "./errors";
export { ffmpegInfo, ffmpegPath, ffprobePath, passthroughArgs, run, vfrEncodeArgs, type BinaryInfo, type BinarySource } from "./ffmpeg";
export { probeVideo, type VideoProbe } from "./probe";
export {
  decodeTimeline,
  encodeTimeline,
  frameAt,
  isVfr,
  ptsMsOf,
  timelineCache,
  TimelineCache,
  type EncodedTimeline,
  type Timeline,
} from "./timeline";
export { getProbe, getTimeline, readDecodedTimeline, readTimeline } from "./timeline-read";
export { decodeFrames, extractFrame, planFrames, type DecodedFrame, type DecodeOptions, type ExtractedFrame, type ExtractOptions } from "./frames";
