import { z } from "zod";
import { newPasswordSchema } from "./password";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "Enter a valid e-mail address" }).max(254));

export const registerSchema = z
  .object({
    email: emailSchema,
    name: z.string().trim().min(1, "Enter your name").max(100),
    password: newPasswordSchema,
  })
  .strict();

export const loginSchema = z.object({
  email: emailSchema,
  password: z.string().min(1).max(200),
});

export const createTokenSchema = z
  .object({ name: z.string().trim().min(1, "Give the token a name").max(60) })
  .strict();
