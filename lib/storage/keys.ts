import { InvalidInputError } from "@/lib/errors";

const PART = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Joins key parts, refusing anything that could escape the storage root ("..", "/", NUL, empty). */
export function safeKey(...parts: string[]): string {
  for (const p of parts) {
    if (!PART.test(p) || p.includes("..")) {
      throw new InvalidInputError(`Invalid storage name: ${JSON.stringify(p.slice(0, 40))}`);
    }
  }
  return parts.join("/");
}

/** Checks a full key made by safeKey (several parts separated by "/"). */
export function assertKey(key: string): string {
  safeKey(...key.split("/"));
  return key;
}
