export { boxAt, type TimedBox } from "./interpolate";
export { createTracker, DEFAULT_TRACKER, type Tracker } from "./tracker";
export type { FinishedTrack, TrackBox, TrackedObject, TrackerOptions, TrackInput, TrackSummary } from "./types";
