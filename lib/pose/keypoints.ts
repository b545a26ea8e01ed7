// COCO-17 keypoints as MoveNet returns them, and the bones drawn between them.

export const KEYPOINTS = [
  "nose", "left_eye", "right_eye", "left_ear", "right_ear",
  "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
  "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle",
] as const;

export type KeypointName = (typeof KEYPOINTS)[number];

/** [x, y, score] in video pixels. */
export type Keypoint = [number, number, number];

export const KP = Object.fromEntries(KEYPOINTS.map((k, i) => [k, i])) as Record<KeypointName, number>;

export const BONES: [KeypointName, KeypointName][] = [
  ["left_shoulder", "right_shoulder"], ["left_hip", "right_hip"],
  ["left_shoulder", "left_hip"], ["right_shoulder", "right_hip"],
  ["left_shoulder", "left_elbow"], ["left_elbow", "left_wrist"],
  ["right_shoulder", "right_elbow"], ["right_elbow", "right_wrist"],
  ["left_hip", "left_knee"], ["left_knee", "left_ankle"],
  ["right_hip", "right_knee"], ["right_knee", "right_ankle"],
  ["nose", "left_eye"], ["nose", "right_eye"], ["left_eye", "left_ear"], ["right_eye", "right_ear"],
];

/** Mean score of the keypoints: how much of the body the model found. */
export function poseScore(kps: readonly Keypoint[]): number {
  return kps.length ? kps.reduce((s, k) => s + k[2], 0) / kps.length : 0;
}
