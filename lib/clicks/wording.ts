// How a click's product is worded: an attached product is a fact, a class suggestion is a guess.
// extension/lib/card.js words it the same way (no build step there); tests/unit/click-wording.test.ts checks both.

const IRREGULAR: Record<string, string> = { person: "people", mouse: "mice", knife: "knives", sheep: "sheep", bus: "buses", glass: "glasses" };

export function plural(label: string): string {
  const l = label.trim();
  return IRREGULAR[l.toLowerCase()] ?? (/(s|x|ch|sh)$/i.test(l) ? `${l}es` : `${l}s`);
}

function article(label: string): string {
  return /^[aeiou]/i.test(label) ? "an" : "a";
}

/** The line above a product: "You clicked the dog" (attached) or "Looks like a person — products for people" (class). */
export function productHeadline(label: string, source: "attached" | "class"): string {
  return source === "attached" ? `You clicked the ${label}` : `Looks like ${article(label)} ${label} — products for ${plural(label)}`;
}
