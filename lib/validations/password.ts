import { z } from "zod";
import commonPasswords from "fxa-common-password-list";

/** True for a password in the common-passwords list shipped by fxa-common-password-list (Mozilla). */
export function isCommonPassword(password: string): boolean {
  return commonPasswords.test(password) || commonPasswords.test(password.toLowerCase());
}

/** A new password: 8–200 characters, not all whitespace, not a well-known one. */
export const newPasswordSchema = z
  .string()
  .min(8, "Use at least 8 characters")
  .max(200)
  .refine((p) => p.trim().length > 0, "A password cannot be only spaces")
  .refine((p) => !isCommonPassword(p), "This password is too common; choose another");
