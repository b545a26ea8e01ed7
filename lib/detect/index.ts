export { analyzeFrames, type AnalysisFrame, type AnalysisFrameInput, type AnalysisProgress, type AnalysisResult, type AnalyzeOptions } from "./analyze";
export { BackendError, initBackend, type BackendInfo, type BackendName, type BackendRequest } from "./backend";
export { COCO_LABELS, cocoClassId, cocoLabel } from "./coco";
export { createDetector, DEFAULT_DETECT, type Detector, type DetectorOptions } from "./detector";
export { iou, type Box } from "./geometry";
export { defaultModelDir, ModelLoadError, modelJsonPath, type ModelName } from "./models";
export { createDetectorPool, type DetectorPool, type DetectorPoolOptions, type PoolDetectOptions } from "./pool";
export type { DetectOptions, Detection, RgbFrame } from "./types";
