import { createUser, getUserByEmail } from "@/db/queries/users";
import { ConflictError } from "@/lib/errors";
import { env } from "@/lib/env";
import { beforeLoginAttempt, loginFailed, loginSucceeded } from "./login-throttle";
import { dummyHash, hashPassword, verifyPassword } from "./password";

export type SessionUser = { id: number; email: string; name: string; role: "shopper" | "admin" };

export async function registerUser(input: { email: string; name: string; password: string }): Promise<SessionUser> {
  const passwordHash = await hashPassword(input.password);
  const user = await createUser({ ...input, passwordHash, adminEmail: env().ADMIN_EMAIL });
  if (!user) throw new ConflictError("An account with this e-mail already exists");
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/**
 * Checks credentials; null on a wrong e-mail or password. Throttled per e-mail+IP with backoff (so
 * nobody can lock the owner out from elsewhere), per IP, and by a generous per-e-mail ceiling.
 */
export async function authenticate(email: string, password: string, ip: string): Promise<SessionUser | null> {
  const limit = env().LOGIN_RATE_LIMIT_PER_MIN;
  beforeLoginAttempt(email, ip, limit);
  const user = await getUserByEmail(email);
  if (!user) {
    await verifyPassword(await dummyHash(), password);
    loginFailed(email, ip, limit);
    return null;
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    loginFailed(email, ip, limit);
    return null;
  }
  loginSucceeded(email, ip);
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
