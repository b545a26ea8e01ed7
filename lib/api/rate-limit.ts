import { ApiError } from "./errors";

// Fixed-window counters in process memory: cheap on the hot path (clicks). Each process limits on its
// own, so N processes allow up to N× the rate — acceptable for abuse protection, documented in README.
type Window = { start: number; count: number };
const windows = new Map<string, Window>();
let lastSweep = Date.now();

export function hit(key: string, limit: number, windowMs = 60_000, now = Date.now()): { ok: boolean; retryAfterS: number } {
  if (now - lastSweep > windowMs) sweep(now, windowMs);
  let w = windows.get(key);
  if (!w || now - w.start >= windowMs) {
    w = { start: now, count: 0 };
    windows.set(key, w);
  }
  w.count += 1;
  const retryAfterS = Math.max(1, Math.ceil((w.start + windowMs - now) / 1000));
  return { ok: w.count <= limit, retryAfterS };
}

export function enforce(key: string, limit: number, windowMs = 60_000): void {
  const r = hit(key, limit, windowMs);
  if (!r.ok) {
    throw new ApiError("rate_limited", "Too many requests; slow down", undefined, { "retry-after": String(r.retryAfterS) });
  }
}

export function resetRateLimits(): void {
  windows.clear();
}

function sweep(now: number, windowMs: number) {
  lastSweep = now;
  for (const [k, w] of windows) if (now - w.start >= windowMs) windows.delete(k);
}
