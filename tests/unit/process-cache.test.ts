import { describe, expect, it, vi } from "vitest";

// The production server loads lib/ twice (Next's server bundle and the custom server's click fast path):
// a cache must be one per process, or an admin's edit reaches clicks only when the other copy expires.
describe("processWide", () => {
  it("two loaded copies of a module share one cache: a delete in one is seen by the other", async () => {
    const a = await import("@/lib/cache/lru");
    vi.resetModules();
    const b = await import("@/lib/cache/lru");
    expect(a.processWide).not.toBe(b.processWide); // really two copies of the module
    const make = vi.fn(() => new a.LruCache<number>(8, 60_000));
    const ca = a.processWide("test-shared", make);
    const cb = b.processWide("test-shared", () => new b.LruCache<number>(8, 60_000));
    expect(cb).toBe(ca);
    expect(make).toHaveBeenCalledTimes(1);
    ca.set("video-1", 1);
    expect(cb.get("video-1")).toBe(1);
    cb.delete("video-1");
    expect(ca.get("video-1")).toBeUndefined();
  });

  it("the click path's match index cache is that one cache", async () => {
    const first = await import("@/lib/clicks/match-index");
    const { processWide, LruCache } = await import("@/lib/cache/lru");
    const shared = processWide("cache.match-index", () => new LruCache(1));
    shared.set("424242", { index: null, products: [], loadedAt: Date.now() });
    expect(first.cachedMatchIndex(424242)).toBeDefined();
    vi.resetModules();
    const second = await import("@/lib/clicks/match-index");
    expect(second).not.toBe(first);
    second.invalidateMatchIndex(424242);
    expect(first.cachedMatchIndex(424242)).toBeUndefined();
  });
});
