import { hash, verify } from "@node-rs/argon2";

// Argon2id with the library's defaults (OWASP-level memory cost).
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

// A fixed hash to verify against when the e-mail is unknown, so timing does not reveal accounts.
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hash("framecart-dummy-password");
  return dummy;
}
