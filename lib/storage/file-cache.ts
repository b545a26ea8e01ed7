import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { LocalFile } from "./types";

// Whole-file work on S3 objects (probe, analysis, alignment) reads the same video several times, in
// several jobs: each object version is downloaded once into DIR/objects and handed out as a private
// hard link under DIR/in-use, so evicting an entry (least recently used first, once the total passes
// the limit) never pulls a file from under a running ffmpeg, in this process or another one.

export interface FileCache {
  readonly dir: string;
  readonly maxBytes: number;
  /**
   * A local copy of version `id` of an object of `size` bytes, named `name`: from the cache, else
   * written by `fill(dest)` once (concurrent callers share one fill). Release it when done.
   */
  acquire(id: string, name: string, size: number, fill: (dest: string) => Promise<void>): Promise<LocalFile>;
  /** Removes least recently used entries (and stale leftovers) until the total is within the limit. */
  evict(): Promise<void>;
}

const PART_MAX_AGE_MS = 60 * 60 * 1000; // a download that has not finished in an hour was abandoned
const IN_USE_MAX_AGE_MS = 24 * 60 * 60 * 1000; // links left by a process that died mid-job

export function fileCache(dir: string, maxBytes: number): FileCache {
  const objects = path.join(dir, "objects");
  const inUse = path.join(dir, "in-use");
  const filling = new Map<string, Promise<void>>();

  async function fillOnce(entry: string, fill: (dest: string) => Promise<void>): Promise<void> {
    let p = filling.get(entry);
    if (!p) {
      p = (async () => {
        await fs.mkdir(objects, { recursive: true });
        const part = `${entry}.${randomBytes(4).toString("hex")}.part`;
        try {
          await fill(part);
          await fs.rename(part, entry);
        } finally {
          await fs.rm(part, { force: true });
        }
      })().finally(() => filling.delete(entry));
      filling.set(entry, p);
    }
    return p;
  }

  async function linkTo(entry: string, name: string): Promise<LocalFile | null> {
    await fs.mkdir(inUse, { recursive: true });
    const own = await fs.mkdtemp(path.join(inUse, `${process.pid}-`));
    const file = path.join(own, name);
    try {
      await fs.link(entry, file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT") {
        await fs.rm(own, { recursive: true, force: true });
        return null; // evicted by another process between our check and the link: fill again
      }
      if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EXDEV" && code !== "EMLINK") throw e;
      await fs.copyFile(entry, file); // a filesystem without hard links: a private copy
    }
    return { path: file, release: () => fs.rm(own, { recursive: true, force: true }) };
  }

  const cache: FileCache = {
    dir,
    maxBytes,
    async acquire(id, name, size, fill) {
      if (size > maxBytes) return uncached(name, fill); // would evict everything and still not fit
      const ext = path.extname(name).replace(/[^.A-Za-z0-9]/g, "").slice(0, 8);
      const entry = path.join(objects, createHash("sha256").update(id).digest("hex").slice(0, 40) + ext);
      for (let attempt = 0; attempt < 3; attempt++) {
        const hit = await fs.stat(entry).catch(() => null);
        if (hit) {
          const now = new Date();
          await fs.utimes(entry, now, now).catch(() => {}); // recency for the LRU order
        } else await fillOnce(entry, fill);
        const linked = await linkTo(entry, name);
        if (!linked) continue;
        // Evict once the new entry is linked (pinned), so making room never removes it.
        if (!hit) await cache.evict().catch((e: unknown) => console.error("[storage] cache eviction failed", e));
        return linked;
      }
      return uncached(name, fill);
    },
    async evict() {
      const now = Date.now();
      const names = await fs.readdir(objects).catch(() => [] as string[]);
      const entries: { file: string; size: number; mtime: number; pinned: boolean }[] = [];
      for (const n of names) {
        const file = path.join(objects, n);
        const st = await fs.stat(file).catch(() => null);
        if (!st) continue;
        if (n.endsWith(".part")) {
          if (now - st.mtimeMs > PART_MAX_AGE_MS) await fs.rm(file, { force: true });
          continue;
        }
        // A second link means a job is reading it: removing it would free nothing.
        entries.push({ file, size: st.size, mtime: st.mtimeMs, pinned: st.nlink > 1 });
      }
      let total = entries.reduce((s, e) => s + e.size, 0);
      for (const e of entries.sort((a, b) => a.mtime - b.mtime)) {
        if (total <= maxBytes) break;
        if (e.pinned) continue;
        await fs.rm(e.file, { force: true });
        total -= e.size;
      }
      for (const n of await fs.readdir(inUse).catch(() => [] as string[])) {
        const own = path.join(inUse, n);
        const st = await fs.stat(own).catch(() => null);
        if (st && now - st.mtimeMs > IN_USE_MAX_AGE_MS) await fs.rm(own, { recursive: true, force: true });
      }
    },
  };
  return cache;
}

/** A private temporary copy, removed on release (no cache, or an object larger than the cache). */
export async function uncached(name: string, fill: (dest: string) => Promise<void>): Promise<LocalFile> {
  const own = await fs.mkdtemp(path.join(os.tmpdir(), "framecart-s3-"));
  const file = path.join(own, name);
  try {
    await fill(file);
  } catch (e) {
    await fs.rm(own, { recursive: true, force: true });
    throw e;
  }
  return { path: file, release: () => fs.rm(own, { recursive: true, force: true }) };
}
