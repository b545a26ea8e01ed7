import { InvalidInputError, NotFoundError } from "@/lib/errors";

/** The largest id a Postgres `integer` column holds. */
export const MAX_INT4 = 2_147_483_647;

/** A positive int4 id from a path segment, else a 404 (an id that cannot exist is not found). */
export function parseId(value: string | undefined, what: string): number {
  const n = /^\d{1,10}$/.test(value ?? "") ? Number(value) : NaN;
  if (!Number.isInteger(n) || n <= 0 || n > MAX_INT4) throw new NotFoundError(what);
  return n;
}

/** True for a string Postgres or JSON clients cannot store faithfully: a NUL or a lone UTF-16 surrogate. */
export function isUnsafeString(s: string): boolean {
  return UNSAFE.test(s);
}
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The path (e.g. "items.2.name") of the first unsafe string anywhere in a parsed value, or undefined. */
export function findUnsafeString(value: unknown, path: string[] = [], depth = 0): string | undefined {
  if (depth > 64) return undefined;
  if (typeof value === "string") return isUnsafeString(value) ? path.join(".") || "(root)" : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findUnsafeString(value[i], [...path, String(i)], depth + 1);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const hit = isUnsafeString(k) ? [...path, "(key)"].join(".") : findUnsafeString(v, [...path, k], depth + 1);
      if (hit !== undefined) return hit;
    }
  }
  return undefined;
}

/** Refuses (422) input holding a NUL byte or a lone surrogate anywhere. */
export function assertSafeStrings(value: unknown): void {
  const at = findUnsafeString(value);
  if (at !== undefined) {
    throw new InvalidInputError("Text may not contain NUL characters or unpaired surrogates", [
      { path: at === "(root)" ? "" : at, message: "Contains a NUL character or an unpaired surrogate" },
    ]);
  }
}

/** True for a number that can be a row id: a positive int4 (pages answer 404 for anything else). */
export function isInt4Id(n: number): boolean {
  return Number.isInteger(n) && n > 0 && n <= MAX_INT4;
}
