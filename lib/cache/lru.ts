/**
 * A small in-memory LRU keyed by string; `getOrLoad` loads a missing entry once, even for concurrent
 * callers (a load that fails is not kept). With `maxAgeMs`, an entry older than that counts as missing.
 */
export class LruCache<V> {
  protected readonly map = new Map<string, V>();
  private readonly loadedAt = new Map<string, number>();
  private readonly loading = new Map<string, Promise<V>>();
  constructor(
    readonly maxEntries = 32,
    readonly maxAgeMs = Infinity,
  ) {}

  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v === undefined) return undefined;
    if (Date.now() - (this.loadedAt.get(key) ?? 0) >= this.maxAgeMs) {
      this.delete(key);
      return undefined;
    }
    this.map.delete(key); // re-insert: Map order is the recency order
    this.map.set(key, v);
    return v;
  }

  set(key: string, v: V): void {
    this.map.delete(key);
    this.map.set(key, v);
    this.loadedAt.set(key, Date.now());
    while (this.map.size > this.maxEntries) {
      const oldest = this.map.keys().next().value;
      if (oldest === undefined) break;
      this.delete(oldest);
    }
  }

  delete(key: string): void {
    this.map.delete(key);
    this.loadedAt.delete(key);
  }

  clear(): void {
    this.map.clear();
    this.loadedAt.clear();
  }

  get size(): number {
    return this.map.size;
  }

  async getOrLoad(key: string, load: () => Promise<V> | V): Promise<V> {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    let p = this.loading.get(key);
    if (!p) {
      p = Promise.resolve()
        .then(load)
        .finally(() => this.loading.delete(key));
      this.loading.set(key, p);
    }
    const v = await p;
    this.set(key, v);
    return v;
  }
}

/**
 * One value per process under `name`, even where its module is loaded twice — the production server
 * imports lib/ from source for the click fast path while Next's server bundle has its own copy — so an
 * invalidation made by a route handler reaches the fast path at once. Caches the two copies share are
 * made with this.
 */
export function processWide<T>(name: string, make: () => T): T {
  const slots = globalThis as unknown as Record<symbol, T | undefined>;
  const key = Symbol.for(`framecart.${name}`);
  return (slots[key] ??= make());
}
