/**
 * A static interval tree over closed intervals [start, end]: the intervals sorted by start form an
 * implicit balanced BST (the middle of each range is its root), each node holding the largest end
 * in its subtree. A stabbing query visits O(log n + k) nodes instead of scanning every interval.
 */
export class IntervalTree<T> {
  private readonly items: T[];
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  private readonly maxEnd: Float64Array;

  constructor(entries: readonly { start: number; end: number; value: T }[]) {
    const sorted = entries.filter((e) => e.start <= e.end).sort((a, b) => a.start - b.start || a.end - b.end);
    const n = sorted.length;
    this.items = sorted.map((e) => e.value);
    this.starts = Float64Array.from(sorted, (e) => e.start);
    this.ends = Float64Array.from(sorted, (e) => e.end);
    this.maxEnd = new Float64Array(n);
    if (n > 0) this.build(0, n - 1);
  }

  get size(): number {
    return this.items.length;
  }

  /** Every value whose interval contains `at` (in order of start). */
  stab(at: number, out: T[] = []): T[] {
    if (this.items.length > 0 && !Number.isNaN(at)) this.visit(0, this.items.length - 1, at, out);
    return out;
  }

  private build(lo: number, hi: number): number {
    const mid = (lo + hi) >>> 1;
    let m = this.ends[mid] as number;
    if (lo < mid) m = Math.max(m, this.build(lo, mid - 1));
    if (mid < hi) m = Math.max(m, this.build(mid + 1, hi));
    this.maxEnd[mid] = m;
    return m;
  }

  private visit(lo: number, hi: number, at: number, out: T[]): void {
    const mid = (lo + hi) >>> 1;
    if ((this.maxEnd[mid] as number) < at) return; // nothing in this subtree reaches `at`
    if (lo < mid) this.visit(lo, mid - 1, at, out);
    if ((this.starts[mid] as number) > at) return; // this node and everything right of it start later
    if ((this.ends[mid] as number) >= at) out.push(this.items[mid] as T);
    if (mid < hi) this.visit(mid + 1, hi, at, out);
  }
}
