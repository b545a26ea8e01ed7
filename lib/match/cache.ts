import { LruCache } from "@/lib/cache/lru";
import type { VideoIndex } from "@/lib/match/engine";

/**
 * Per-video match indexes kept in memory (LRU), so a click costs a binary search and a tree query,
 * never a database read or a scan. Key by video and analysis version (e.g. `${videoId}:${runId}`),
 * or call `delete` when tracks or attached products change.
 */
export class VideoIndexCache extends LruCache<VideoIndex> {
  constructor(maxEntries = 64) {
    super(maxEntries);
  }

  /** Drops every entry whose key starts with `prefix` (e.g. all versions of one video). */
  deletePrefix(prefix: string): void {
    for (const k of [...this.map.keys()]) if (k.startsWith(prefix)) this.map.delete(k);
  }

  /** The cached index, or builds it once even when many clicks arrive together. */
  getOrBuild(key: string, build: () => Promise<VideoIndex> | VideoIndex): Promise<VideoIndex> {
    return this.getOrLoad(key, build);
  }
}

export const videoIndexCache = new VideoIndexCache();
