import { z } from "zod";
import { COCO_CLASSES, isCocoClass } from "./coco";

// Class labels of tracks and products: the detector's COCO classes, or any short free label a shop
// needs (jacket, sneaker, lamp). A label is normalised one way everywhere — NFC, lower case, inner
// whitespace collapsed to one space — so "Sneaker " and "sneaker" are one class for matching.

export const LABEL_MAX = 40;
// Letters and digits of any script, with inner spaces, hyphens, apostrophes, dots, ampersands and slashes.
const LABEL_RE = /^[\p{L}\p{N}](?:[\p{L}\p{N} '’.&/-]*[\p{L}\p{N}.])?$/u;

export function normaliseLabel(raw: string): string {
  return raw.normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase();
}

/** Why a normalised label is refused, or null when it is fine. */
export function labelProblem(label: string): string | null {
  if (!label) return "Give the class a name";
  if (label.length > LABEL_MAX) return `Use at most ${LABEL_MAX} characters for a class`;
  if (!LABEL_RE.test(label)) return "A class is letters and digits, with spaces, hyphens, apostrophes, dots, & or / inside";
  return null;
}

/** A track's or product's class: a COCO class or a bounded free label, normalised. */
export const labelSchema = z
  .string({ error: "Give a class such as cup, person, jacket or sneaker" })
  .transform(normaliseLabel)
  .superRefine((v, ctx) => {
    const p = labelProblem(v);
    if (p) ctx.addIssue({ code: "custom", message: p });
  });

export interface LabelSuggestion {
  label: string;
  source: "coco" | "catalogue" | "used";
}

/**
 * Labels to offer, COCO classes first (the detector finds those by itself), then catalogue
 * categories (product item names) and labels used on tracks before, each once.
 */
export function suggestLabels(catalogue: readonly string[], used: readonly string[]): LabelSuggestion[] {
  const out: LabelSuggestion[] = COCO_CLASSES.map((label) => ({ label, source: "coco" as const }));
  const seen = new Set<string>(COCO_CLASSES);
  for (const [list, source] of [[catalogue, "catalogue"], [used, "used"]] as const) {
    for (const raw of list) {
      const l = normaliseLabel(raw);
      if (seen.has(l) || labelProblem(l)) continue;
      seen.add(l);
      out.push({ label: l, source });
    }
  }
  return out;
}

export { isCocoClass };
