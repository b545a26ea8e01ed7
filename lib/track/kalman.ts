/**
 * Constant-velocity Kalman filter on (cx, cy, aspect, h) as in ByteTrack/DeepSORT, with the time step
 * taken from pts: velocities are per reference frame, and `dt` is the gap in reference frames, so a
 * variable-frame-rate video or a reduced analysis rate predicts the right distance.
 */
export type Vec8 = number[];
export type Mat8 = number[][];

export interface KalmanState {
  mean: Vec8;
  cov: Mat8;
}

const STD_POS = 1 / 20;
const STD_VEL = 1 / 160;
const N = 8;

function zeros(r: number, c: number): number[][] {
  return Array.from({ length: r }, () => new Array<number>(c).fill(0));
}

function at(m: number[][], r: number, c: number): number {
  return m[r]?.[c] ?? 0;
}

function matmul(a: number[][], b: number[][]): number[][] {
  const rows = a.length;
  const inner = b.length;
  const cols = b[0]?.length ?? 0;
  const out = zeros(rows, cols);
  for (let i = 0; i < rows; i++) {
    const row = out[i] as number[];
    for (let k = 0; k < inner; k++) {
      const v = at(a, i, k);
      if (v === 0) continue;
      for (let j = 0; j < cols; j++) row[j] = (row[j] ?? 0) + v * at(b, k, j);
    }
  }
  return out;
}

function transpose(a: number[][]): number[][] {
  const rows = a.length;
  const cols = a[0]?.length ?? 0;
  const out = zeros(cols, rows);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) (out[j] as number[])[i] = at(a, i, j);
  return out;
}

/** Inverse of a small symmetric positive-definite matrix by Gauss-Jordan elimination. */
function invert(m: number[][]): number[][] {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(at(a, r, c)) > Math.abs(at(a, p, c))) p = r;
    [a[c], a[p]] = [a[p] as number[], a[c] as number[]];
    const pivot = at(a, c, c) || 1e-12;
    const rowC = a[c] as number[];
    for (let j = 0; j < 2 * n; j++) rowC[j] = (rowC[j] ?? 0) / pivot;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = at(a, r, c);
      if (f === 0) continue;
      const row = a[r] as number[];
      for (let j = 0; j < 2 * n; j++) row[j] = (row[j] ?? 0) - f * (rowC[j] ?? 0);
    }
  }
  return a.map((row) => row.slice(n));
}

export function initiate(measurement: [number, number, number, number]): KalmanState {
  const [, , , h] = measurement;
  const mean = [...measurement, 0, 0, 0, 0];
  const std = [2 * STD_POS * h, 2 * STD_POS * h, 1e-2, 2 * STD_POS * h, 10 * STD_VEL * h, 10 * STD_VEL * h, 1e-5, 10 * STD_VEL * h];
  const cov = zeros(N, N);
  std.forEach((s, i) => ((cov[i] as number[])[i] = s * s));
  return { mean, cov };
}

/** Predicts `dt` reference frames ahead; process noise grows linearly with the gap. */
export function predict(state: KalmanState, dt: number): KalmanState {
  const h = state.mean[3] ?? 1;
  const F = zeros(N, N);
  for (let i = 0; i < N; i++) (F[i] as number[])[i] = 1;
  for (let i = 0; i < 4; i++) (F[i] as number[])[i + 4] = dt;
  const mean = state.mean.map((_, i) => (i < 4 ? (state.mean[i] ?? 0) + dt * (state.mean[i + 4] ?? 0) : (state.mean[i] ?? 0)));
  const std = [STD_POS * h, STD_POS * h, 1e-2, STD_POS * h, STD_VEL * h, STD_VEL * h, 1e-5, STD_VEL * h];
  const cov = matmul(matmul(F, state.cov), transpose(F));
  const k = Math.max(dt, 0);
  std.forEach((s, i) => ((cov[i] as number[])[i] = at(cov, i, i) + s * s * k));
  return { mean, cov };
}

export function update(state: KalmanState, measurement: [number, number, number, number]): KalmanState {
  const h = state.mean[3] ?? 1;
  const R = [STD_POS * h, STD_POS * h, 1e-1, STD_POS * h].map((s) => s * s);
  // Projection H picks the first four state entries, so H·P·Hᵀ is P's top-left block.
  const S = zeros(4, 4).map((row, i) => row.map((_, j) => at(state.cov, i, j) + (i === j ? (R[i] ?? 0) : 0)));
  const PHt = state.cov.map((row) => row.slice(0, 4));
  const K = matmul(PHt, invert(S));
  const innovation = measurement.map((m, i) => m - (state.mean[i] ?? 0));
  const mean = state.mean.map((v, i) => v + innovation.reduce((acc, inn, j) => acc + at(K, i, j) * inn, 0));
  // P' = P − K·S·Kᵀ
  const KSKt = matmul(matmul(K, S), transpose(K));
  const cov = state.cov.map((row, i) => row.map((v, j) => v - at(KSKt, i, j)));
  return { mean, cov };
}

/** [x, y, w, h] ↔ (cx, cy, aspect = w/h, h). */
export function toXyah(box: [number, number, number, number]): [number, number, number, number] {
  const [x, y, w, h] = box;
  return [x + w / 2, y + h / 2, w / Math.max(h, 1e-6), h];
}

export function fromXyah(mean: Vec8): [number, number, number, number] {
  const cx = mean[0] ?? 0;
  const cy = mean[1] ?? 0;
  const a = mean[2] ?? 1;
  const h = Math.max(mean[3] ?? 0, 0);
  const w = a * h;
  return [cx - w / 2, cy - h / 2, w, h];
}
