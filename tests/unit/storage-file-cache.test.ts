import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileCache } from "@/lib/storage/file-cache";

// The on-disk cache behind S3 whole-file reads, on a real directory: one fill per version even when
// asked concurrently, least recently used entries evicted past the limit, entries in use never.

let dir: string;
beforeAll(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), "fc-file-cache-"));
});
afterAll(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

const entries = (root: string) => fs.readdirSync(path.join(root, "objects")).filter((n) => !n.endsWith(".part")).length;

function filler(bytes: number) {
  const calls: string[] = [];
  const fill = async (dest: string) => {
    calls.push(dest);
    await new Promise((r) => setTimeout(r, 20)); // a download takes a while: concurrent callers overlap
    await fsp.writeFile(dest, Buffer.alloc(bytes, calls.length));
  };
  return { fill, calls };
}

describe("fileCache", () => {
  it("fills a version once for concurrent and later callers, each gets a private link", async () => {
    const root = path.join(dir, "once");
    const cache = fileCache(root, 10_000);
    const { fill, calls } = filler(100);
    const got = await Promise.all([1, 2, 3].map(() => cache.acquire("obj@v1", "a.mp4", 100, fill)));
    const again = await cache.acquire("obj@v1", "a.mp4", 100, fill);
    expect(calls).toHaveLength(1);
    expect(new Set([...got, again].map((g) => g.path)).size).toBe(4);
    for (const g of [...got, again]) {
      expect(path.basename(g.path)).toBe("a.mp4");
      expect(fs.readFileSync(g.path)).toHaveLength(100);
      await g.release();
      expect(fs.existsSync(g.path)).toBe(false);
    }
    expect(entries(root)).toBe(1);
    await cache.acquire("obj@v2", "a.mp4", 100, fill).then((g) => g.release());
    expect(calls).toHaveLength(2); // a new version is a new entry
  });

  it("evicts the least recently used entries past the limit, never one in use", async () => {
    const root = path.join(dir, "lru");
    const cache = fileCache(root, 250);
    const { fill, calls } = filler(100);
    const use = (id: string) => cache.acquire(id, `${id}.mp4`, 100, fill);
    await (await use("a")).release();
    await new Promise((r) => setTimeout(r, 20)); // distinct mtimes: the LRU order
    const b = await use("b");
    await new Promise((r) => setTimeout(r, 20));
    await (await use("a")).release(); // a is now more recent than b; b stays in use
    await new Promise((r) => setTimeout(r, 20));
    await (await use("c")).release(); // 300 > 250: the oldest not in use goes, which is a (b is pinned)
    expect(entries(root)).toBe(2);
    await (await use("b")).release();
    expect(calls).toHaveLength(3); // b was kept
    await b.release();
    await (await use("a")).release(); // a was evicted: filled again; now c (oldest, free) goes
    expect(calls).toHaveLength(4);
    expect(entries(root)).toBe(2);
    await (await use("b")).release();
    expect(calls).toHaveLength(4);
  });

  it("an object larger than the whole cache is a temporary copy, removed on release", async () => {
    const root = path.join(dir, "big");
    const cache = fileCache(root, 50);
    const { fill } = filler(100);
    const g = await cache.acquire("huge", "h.mp4", 100, fill);
    expect(fs.readFileSync(g.path)).toHaveLength(100);
    expect(g.path.startsWith(root)).toBe(false);
    await g.release();
    expect(fs.existsSync(g.path)).toBe(false);
    expect(fs.existsSync(path.join(root, "objects"))).toBe(false);
  });

  it("a failed fill leaves nothing behind and the next caller tries again", async () => {
    const root = path.join(dir, "fail");
    const cache = fileCache(root, 1000);
    await expect(cache.acquire("x", "x.mp4", 10, async (dest) => {
      await fsp.writeFile(dest, "partial");
      throw new Error("connection reset");
    })).rejects.toThrow("connection reset");
    expect(fs.readdirSync(path.join(root, "objects"))).toEqual([]);
    const { fill, calls } = filler(10);
    await (await cache.acquire("x", "x.mp4", 10, fill)).release();
    expect(calls).toHaveLength(1);
  });
});
