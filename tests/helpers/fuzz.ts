// Hostile values for fuzzing the API from its OpenAPI document, drawn with a fixed-seed generator.

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
  minimum?: number;
};

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Strings for path and query parameters (already decoded, as Next.js hands them to a handler). */
export const HOSTILE_STRINGS = [
  "2147483648",
  "9223372036854775808",
  "99999999999999999999999",
  "-1",
  "0",
  "1e308",
  "NaN",
  "Infinity",
  "1.5",
  "0x1f",
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "../../../etc/passwd",
  "..%2F..%2Fetc%2Fpasswd",
  "%E0%A4%A",
  "' OR 1=1 --",
  "<script>alert(1)</script>",
  "x".repeat(5000),
  "🎬".repeat(300),
  "[object Object]",
  "null",
  "true",
];

/** JSON values for body fields: every type, and edge values of each. */
export const HOSTILE_VALUES: unknown[] = [
  2147483648,
  -2147483649,
  -1,
  0,
  1e308,
  -1e308,
  0.5,
  Number.MAX_SAFE_INTEGER + 2,
  null,
  true,
  [],
  [null],
  {},
  { $ne: 1 },
  "",
  "\u0000",
  "nul\u0000byte",
  "\udc00lone",
  "x".repeat(70_000),
  "../../etc/passwd",
  "NaN",
  "2147483648",
  "https://127.0.0.1:1/x",
  "rtsp://127.0.0.1:1/none",
];

export function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

export function resolveRef(schema: JsonSchema | undefined, components: Record<string, JsonSchema>): JsonSchema | undefined {
  let s = schema;
  for (let i = 0; i < 10 && s?.$ref; i++) s = components[s.$ref.replace("#/components/schemas/", "")];
  return s;
}

/** A plausible value for a schema (so one hostile field is checked against an otherwise valid body). */
export function plausible(schema: JsonSchema | undefined, components: Record<string, JsonSchema>, depth = 0): unknown {
  const s = resolveRef(schema, components);
  if (!s || depth > 6) return null;
  if (s.default !== undefined) return s.default;
  if (s.enum?.length) return s.enum[0];
  const variant = s.anyOf?.[0] ?? s.oneOf?.[0] ?? s.allOf?.[0];
  if (variant) return plausible(variant, components, depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = plausible(v, components, depth + 1);
      return out;
    }
    case "array":
      return [plausible(s.items, components, depth + 1)];
    case "integer":
    case "number":
      return Math.max(1, s.minimum ?? 1);
    case "boolean":
      return false;
    case "string":
      return "x";
    default:
      return null;
  }
}
