import { enforce } from "@/lib/api/rate-limit";
import { DomainError } from "@/lib/errors";

// Wrong passwords slow down one e-mail from one IP (exponential backoff after the free attempts), so an
// attacker elsewhere cannot lock the owner out; a per-IP limit and a generous per-e-mail ceiling stop
// wide guessing. Process memory, like lib/api/rate-limit.ts.
type Failures = { count: number; lockedUntil: number; lastAt: number };
const failures = new Map<string, Failures>();
const MAX_LOCK_MS = 15 * 60_000;
const FORGET_AFTER_MS = 60 * 60_000;
const MAX_ENTRIES = 100_000;

const pairKey = (email: string, ip: string) => `${email.toLowerCase()}|${ip}`;

/** Refuses an attempt (rate_limited) while this e-mail+IP is backing off, or past the wider ceilings. */
export function beforeLoginAttempt(email: string, ip: string, perMin: number, now = Date.now()): void {
  const f = failures.get(pairKey(email, ip));
  if (f && f.lockedUntil > now) {
    throw new DomainError("rate_limited", "Too many wrong passwords; wait and try again", undefined, (f.lockedUntil - now) / 1000);
  }
  enforce(`login:ip:${ip}`, perMin * 5);
  enforce(`login:email:${email.toLowerCase()}`, perMin * 100, 60 * 60_000);
}

/** Records a wrong password: after `perMin` free failures each one doubles the wait (1 s … 15 min). */
export function loginFailed(email: string, ip: string, perMin: number, now = Date.now()): void {
  const key = pairKey(email, ip);
  const prev = failures.get(key);
  const f = prev && now - prev.lastAt < FORGET_AFTER_MS ? prev : { count: 0, lockedUntil: 0, lastAt: now };
  f.count += 1;
  f.lastAt = now;
  if (f.count > perMin) f.lockedUntil = now + Math.min(MAX_LOCK_MS, 1000 * 2 ** (f.count - perMin - 1));
  if (failures.size >= MAX_ENTRIES) failures.clear();
  failures.set(key, f);
}

/** A right password clears this e-mail+IP's failures. */
export function loginSucceeded(email: string, ip: string): void {
  failures.delete(pairKey(email, ip));
}

export function resetLoginThrottle(): void {
  failures.clear();
}
