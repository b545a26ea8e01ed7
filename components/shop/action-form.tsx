"use client";

import { useActionState } from "react";
import { FormError } from "@/components/ui/form-error";
import type { FormState } from "@/lib/shop/form-error";

type Props = {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  label: string;
  className?: string;
  children: React.ReactNode;
};

/** A form bound to a server action that answers { error, ok }: the words appear above the fields. */
export function ActionForm({ action, label, className, children }: Props) {
  const [state, formAction, pending] = useActionState(action, { error: null });
  return (
    <form action={formAction} aria-label={label} className={className}>
      <FormError message={state.error} />
      {state.ok && <p role="status" className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800">{state.ok}</p>}
      <fieldset disabled={pending} className="space-y-3">{children}</fieldset>
    </form>
  );
}
