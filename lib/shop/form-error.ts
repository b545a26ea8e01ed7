import { ZodError } from "zod";
import { ApiError } from "@/lib/api/errors";
import { DomainError } from "@/lib/errors";
import { isTestRun } from "@/lib/env";

export type FormState = { error: string | null; ok?: string | null };

/** Words for a failed server action: the first validation message, a domain error's message, or a generic line (logged). */
export function formError(e: unknown, what: string): FormState {
  if (e instanceof ZodError) return { error: e.issues[0]?.message ?? "Check the form" };
  if (e instanceof DomainError || e instanceof ApiError) return { error: e.message };
  if (!isTestRun()) console.error(`[shop] ${what} failed`, e);
  return { error: `${what} failed on our side; nothing was changed. Try again in a moment.` };
}

/** A form field as a string (empty when missing or a file). */
export function field(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
}
