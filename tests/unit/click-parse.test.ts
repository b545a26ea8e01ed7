import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { fastClickBody, parseClickBody } from "@/lib/clicks/parse";
import { clickBodySchema } from "@/lib/clicks/schemas";
import { assertSafeStrings } from "@/lib/security/input-guard";

// The click fast path's hand-rolled validator must never accept what zod refuses, must produce what zod
// produces, and should accept what real clients send (else it is only a detour to zod).

const ok = { x: 10, y: 20, timestamp: 1.5, videoId: "dQw4w9WgXcQ" };

/** What readJson(req, clickBodySchema) yields for already-parsed JSON: the value, or the thrown error. */
function viaZod(data: unknown): { value?: unknown; error?: unknown } {
  try {
    assertSafeStrings(data);
    return { value: clickBodySchema.parse(data) };
  } catch (error) {
    return { error };
  }
}
function viaParse(data: unknown): { value?: unknown; error?: unknown } {
  try {
    return { value: parseClickBody(data) };
  } catch (error) {
    return { error };
  }
}
const summary = (e: unknown) => (e instanceof ZodError ? { zod: e.issues } : { other: String(e), details: (e as { details?: unknown }).details });

function same(data: unknown): void {
  const a = viaZod(data);
  const b = viaParse(data);
  expect(b.error === undefined, JSON.stringify(data)).toBe(a.error === undefined);
  if (a.error === undefined) expect(b.value).toEqual(a.value);
  else expect(summary(b.error)).toEqual(summary(a.error));
  const fast = fastClickBody(data);
  // Whatever the fast check accepts, zod accepts with the same result.
  if (fast !== undefined) expect(clickBodySchema.safeParse(data)).toEqual({ success: true, data: fast });
}

const tricky: unknown[] = [
  ok,
  { ...ok, playerWidth: 1280, playerHeight: 720, videoWidth: 1920, videoHeight: 1080, deviceId: "abcd-EFGH_1234" },
  { ...ok, videoId: "  dQw4w9WgXcQ&list=PL123&index=4  " },
  { ...ok, videoId: "   " },
  { ...ok, videoId: "" },
  { ...ok, videoId: "a".repeat(512) },
  { ...ok, videoId: "a".repeat(513) },
  { ...ok, videoId: ` ${"a".repeat(512)} ` },
  { ...ok, videoId: "bad\u0000id" },
  { ...ok, videoId: "lone\ud800surrogate" },
  { ...ok, videoId: "pair\ud83d\ude00ok" },
  { ...ok, videoId: 12345678901 },
  { ...ok, videoId: null },
  { ...ok, x: -0 },
  { ...ok, x: -1 },
  { ...ok, x: 100_000 },
  { ...ok, x: 100_000.0001 },
  { ...ok, x: "10" },
  { ...ok, x: null },
  { ...ok, y: 1e308 },
  { ...ok, timestamp: 0 },
  { ...ok, timestamp: 604_800 },
  { ...ok, timestamp: 604_800.001 },
  { ...ok, timestamp: -0.001 },
  { ...ok, playerWidth: 1280 },
  { ...ok, playerHeight: 720 },
  { ...ok, playerWidth: 0, playerHeight: 720 },
  { ...ok, playerWidth: -0, playerHeight: 720 },
  { ...ok, playerWidth: 0.5, playerHeight: 0.5 },
  { ...ok, playerWidth: null, playerHeight: null },
  { ...ok, videoWidth: 1920.5 },
  { ...ok, videoWidth: 1920 },
  { ...ok, videoHeight: 0 },
  { ...ok, videoWidth: 100_001 },
  { ...ok, deviceId: "short" },
  { ...ok, deviceId: "x".repeat(64) },
  { ...ok, deviceId: "x".repeat(65) },
  { ...ok, deviceId: "has space in it" },
  { ...ok, deviceId: "ünïcödé-device" },
  { ...ok, deviceId: 12345678 },
  { ...ok, deviceId: null },
  { ...ok, extra: 1 },
  { ...ok, constructor: 1 },
  JSON.parse('{"x":1,"y":2,"timestamp":3,"videoId":"dQw4w9WgXcQ","__proto__":{"x":5}}'),
  JSON.parse('{"y":2,"timestamp":3,"videoId":"dQw4w9WgXcQ","__proto__":{"x":5}}'),
  JSON.parse('{"x":1,"x":2,"y":2,"timestamp":3,"videoId":"dQw4w9WgXcQ"}'),
  { y: 1, timestamp: 1, videoId: "dQw4w9WgXcQ" },
  {},
  [],
  [ok],
  [ok, { ...ok, x: 5 }],
  Array.from({ length: 50 }, () => ok),
  Array.from({ length: 51 }, () => ok),
  [ok, { ...ok, x: -1 }],
  [ok, { ...ok, videoId: "bad\u0000" }],
  [ok, "not a click"],
  [[ok]],
  null,
  0,
  "click",
  true,
  Object.create(null) as unknown,
  Object.assign(Object.create(null) as object, ok),
];

describe("the click body's fast validation equals zod's", () => {
  it.each(tricky.map((d, i) => [i, d] as const))("tricky input %i", (_i, data) => same(data));

  it("accepts what the extension sends without handing it to zod", () => {
    for (const d of [ok, tricky[1], tricky[2], [ok, tricky[1]]]) expect(fastClickBody(d)).toBeDefined();
  });

  it("agrees with zod on 5,000 random mutations of a valid click", () => {
    let s = 7;
    const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const values = [undefined, null, -1, -0, 0, 0.5, 1, 720, 1920.5, 100_000, 100_001, 604_800, 604_801, 1e308, "1", "", " x ", "abcdefgh", "dQw4w9WgXcQ", true, [], {}];
    const keys = ["x", "y", "timestamp", "videoId", "playerWidth", "playerHeight", "videoWidth", "videoHeight", "deviceId", "other"];
    const full = { ...ok, playerWidth: 1280, playerHeight: 720, videoWidth: 1920, videoHeight: 1080, deviceId: "device-0001" };
    for (let n = 0; n < 5000; n++) {
      const c: Record<string, unknown> = rnd() < 0.5 ? { ...ok } : { ...full };
      for (let m = Math.floor(rnd() * 3); m >= 0; m--) {
        const k = pick(keys);
        const v = pick(values);
        if (v === undefined) delete c[k];
        else c[k] = v;
      }
      const data = rnd() < 0.2 ? [c, rnd() < 0.5 ? ok : c] : c;
      // Through JSON, as the server sees it (undefined values vanish).
      same(JSON.parse(JSON.stringify(data)));
    }
  });
});
