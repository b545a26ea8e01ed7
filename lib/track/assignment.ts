/**
 * Minimum-cost assignment (Hungarian / Kuhn–Munkres, O(n³)) on a rectangular cost matrix;
 * pairs whose cost exceeds `maxCost` are left unmatched, as ByteTrack's lapjv with cost_limit.
 */
export interface Assignment {
  matches: [number, number][];
  unmatchedRows: number[];
  unmatchedCols: number[];
}

/** `cols` must be given when there may be no rows (an empty matrix has no width). */
export function assign(cost: number[][], maxCost: number, cols = cost[0]?.length ?? 0): Assignment {
  const rows = cost.length;
  if (rows === 0 || cols === 0) {
    return { matches: [], unmatchedRows: range(rows), unmatchedCols: range(cols) };
  }
  // Costs above the limit become "forbidden" but stay finite so the square problem is solvable.
  let maxFinite = 0;
  for (const row of cost) for (const v of row) if (Number.isFinite(v)) maxFinite = Math.max(maxFinite, Math.abs(v));
  const big = (Number.isFinite(maxCost) ? Math.max(maxCost, maxFinite) : maxFinite) + 1;
  const n = Math.max(rows, cols);
  const c = (i: number, j: number): number => {
    if (i >= rows || j >= cols) return big;
    const v = cost[i]?.[j] ?? big;
    return v > maxCost || !Number.isFinite(v) ? big : v;
  };
  // Jonker-style shortest augmenting path formulation with potentials u, v (1-based arrays).
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const p = new Int32Array(n + 1);
  const way = new Int32Array(n + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Float64Array(n + 1).fill(Infinity);
    const used = new Uint8Array(n + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0] ?? 0;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = c(i0 - 1, j - 1) - (u[i0] ?? 0) - (v[j] ?? 0);
        if (cur < (minv[j] ?? Infinity)) {
          minv[j] = cur;
          way[j] = j0;
        }
        if ((minv[j] ?? Infinity) < delta) {
          delta = minv[j] ?? Infinity;
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          const pj = p[j] ?? 0;
          u[pj] = (u[pj] ?? 0) + delta;
          v[j] = (v[j] ?? 0) - delta;
        } else {
          minv[j] = (minv[j] ?? Infinity) - delta;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0] ?? 0;
      p[j0] = p[j1] ?? 0;
      j0 = j1;
    } while (j0 !== 0);
  }
  const matches: [number, number][] = [];
  const rowUsed = new Uint8Array(rows);
  const colUsed = new Uint8Array(cols);
  for (let j = 1; j <= n; j++) {
    const i = (p[j] ?? 0) - 1;
    const col = j - 1;
    if (i < 0 || i >= rows || col >= cols) continue;
    if ((cost[i]?.[col] ?? Infinity) > maxCost) continue;
    matches.push([i, col]);
    rowUsed[i] = 1;
    colUsed[col] = 1;
  }
  return {
    matches,
    unmatchedRows: range(rows).filter((i) => !rowUsed[i]),
    unmatchedCols: range(cols).filter((j) => !colUsed[j]),
  };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
