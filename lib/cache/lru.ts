/** A small in-memory LRU keyed by string; `getOrLoad` loads a missing entry once, even for concurrent callers. */
export class LruCache<V> {
  protected readonly map = new Map<string, V>();
  private readonly loading = new Map<string, Promise<V>>();
  constructor(readonly maxEntries = 32) {}

  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key); // re-insert: Map order is the recency order
      this.map.set(key, v);
    }
    return v;
  }

  set(key: string, v: V): void {
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

  clear(): void {
    this.map.clear();
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
