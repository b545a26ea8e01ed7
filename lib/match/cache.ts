import type { VideoIndex } from "@/lib/match/engine";

/**
 * Per-video match indexes kept in memory (LRU), so a click costs a binary search and a tree query,
 * never a database read or a scan. Key by video and analysis version (e.g. `${videoId}:${runId}`),
 * or call `delete` when tracks or attached products change.
 */
export class VideoIndexCache {
  private readonly map = new Map<string, VideoIndex>();
  private readonly loading = new Map<string, Promise<VideoIndex>>();
  constructor(readonly maxEntries = 64) {}

  get(key: string): VideoIndex | undefined {
    const v = this.map.get(key);
    if (v) {
      this.map.delete(key); // Map order is the recency order
      this.map.set(key, v);
    }
    return v;
  }

  set(key: string, v: VideoIndex): void {
    this.map.delete(key);
    this.map.set(key, v);
    while (this.map.size > this.maxEntries) {
      const oldest = this.map.keys().next().value;
      if (oldest === undefined) break;
      this.map.delete(oldest);
    }
  }

  delete(key: string): void {
    this.map.delete(key);
  }

  /** Drops every entry whose key starts with `prefix` (e.g. all versions of one video). */
  deletePrefix(prefix: string): void {
    for (const k of [...this.map.keys()]) if (k.startsWith(prefix)) this.map.delete(k);
  }

  clear(): void {
    this.map.clear();
  }

  get size(): number {
    return this.map.size;
  }

  /** The cached index, or builds it once even when many clicks arrive together. */
  async getOrBuild(key: string, build: () => Promise<VideoIndex> | VideoIndex): Promise<VideoIndex> {
    const hit = this.get(key);
    if (hit) return hit;
    let p = this.loading.get(key);
    if (!p) {
      p = Promise.resolve()
        .then(build)
        .finally(() => this.loading.delete(key));
      this.loading.set(key, p);
    }
    const v = await p;
    this.set(key, v);
    return v;
  }
}

export const videoIndexCache = new VideoIndexCache();
