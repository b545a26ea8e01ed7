import { describe, expect, it } from "vitest";
import {
  addToCartUrl,
  formatPrice,
  newDeviceId,
  normalizeServer,
  originPattern,
  parseExtraOrigins,
  productUrl,
  pushRecent,
  RECENT_MAX,
  sanitizeClick,
  serverUrl,
} from "@/extension/lib/settings.js";
import { clickSchema } from "@/lib/clicks/schemas";

describe("extension settings", () => {
  it("normalises the server URL", () => {
    expect(normalizeServer("")).toBe("http://127.0.0.1:3000");
    expect(normalizeServer(" https://shop.example.com/ ")).toBe("https://shop.example.com");
    expect(normalizeServer("http://127.0.0.1:3000/framecart//")).toBe("http://127.0.0.1:3000/framecart");
    expect(() => normalizeServer("ftp://x")).toThrow(/http/);
    expect(() => normalizeServer("nope")).toThrow(/Not a URL/);
    expect(() => normalizeServer("https://user:pw@x.com")).toThrow(/token/);
    expect(originPattern("http://127.0.0.1:3000/framecart")).toBe("http://127.0.0.1:3000/*");
  });

  it("reads extra origins: an origin means its /watch pages, a pattern stays", () => {
    expect(parseExtraOrigins("http://127.0.0.1:8080\nhttp://10.0.0.2:9000/player/*\n\nhttp://127.0.0.1:8080/")).toEqual({
      patterns: ["http://127.0.0.1:8080/watch*", "http://10.0.0.2:9000/player/*"],
      errors: [],
    });
    expect(parseExtraOrigins("file:///etc\n*://x").errors).toHaveLength(2);
  });

  it("builds shop URLs on the server only", () => {
    expect(productUrl("http://s:3000", 3)).toBe("http://s:3000/products/3");
    expect(addToCartUrl("http://s:3000", 3, "abc&list=PL1&index=2", 7)).toBe("http://s:3000/cart/add?product=3&video=abc%26list%3DPL1%26index%3D2&click=7");
    expect(serverUrl("http://s:3000", "/api/products/3/image")).toBe("http://s:3000/api/products/3/image");
    expect(serverUrl("http://s:3000", "https://evil.example/x")).toBeNull();
    expect(serverUrl("http://s:3000", null)).toBeNull();
  });

  it("sends only what the click API accepts", () => {
    const deviceId = newDeviceId();
    expect(deviceId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const c = sanitizeClick({ x: -0.4, y: 10, timestamp: 2.5, videoId: " abc ", playerWidth: 960, playerHeight: 400, videoWidth: 640, videoHeight: 360, extra: 1 }, deviceId);
    expect(c).toEqual({ x: 0, y: 10, timestamp: 2.5, videoId: "abc", playerWidth: 960, playerHeight: 400, videoWidth: 640, videoHeight: 360, deviceId });
    expect(clickSchema.safeParse(c).success).toBe(true);
    expect(sanitizeClick({ x: Number.NaN, y: 1, timestamp: 1, videoId: "a" }, deviceId)).toBeNull();
    expect(sanitizeClick({ x: 1, y: 1, timestamp: 1, videoId: "a", playerWidth: 5 }, "short")).toEqual({ x: 1, y: 1, timestamp: 1, videoId: "a" });
  });

  it("keeps the last 20 matches, newest first; formats prices", () => {
    let list: unknown[] = [];
    for (let i = 0; i < 25; i++) list = pushRecent(list, i);
    expect(list).toHaveLength(RECENT_MAX);
    expect(list[0]).toBe(24);
    expect(formatPrice(1299, "EUR", "en-US")).toBe("€12.99");
    expect(formatPrice(500, "XXX-bad", "en-US")).toBe("5.00 XXX-bad");
  });
});
