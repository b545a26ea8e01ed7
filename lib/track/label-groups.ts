// Labels a weak COCO detector confuses with each other for one object (a dog seen as a cat, a cup as a bowl).
const GROUPS: readonly (readonly string[])[] = [
  ["bird", "cat", "dog", "horse", "sheep", "cow", "bear", "teddy bear"],
  ["elephant", "zebra", "giraffe"],
  ["bicycle", "motorcycle"],
  ["car", "truck", "bus", "train"],
  ["bottle", "wine glass", "cup", "bowl", "vase"],
  ["couch", "chair", "bed", "bench"],
  ["tv", "laptop", "cell phone", "remote"],
];

const GROUP_OF = new Map<string, number>(GROUPS.flatMap((g, i) => g.map((l) => [l, i] as const)));

/** True when two labels are the same or commonly confused for one object. */
export function confusable(a: string, b: string): boolean {
  if (a === b) return true;
  const ga = GROUP_OF.get(a);
  return ga !== undefined && ga === GROUP_OF.get(b);
}
