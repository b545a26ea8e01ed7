"use client";

import { useActionState } from "react";
import { FormError } from "@/components/ui/form-error";
import type { CheckoutState } from "@/app/checkout/actions";

type Props = {
  action: (prev: CheckoutState, form: FormData) => Promise<CheckoutState>;
  askEmail: boolean;
  demo: boolean;
};

export function CheckoutForm({ action, askEmail, demo }: Props) {
  const [state, formAction, pending] = useActionState(action, { error: null });
  return (
    <form action={formAction} className="space-y-4">
      <FormError message={state.error} />
      {askEmail && (
        <div>
          <label className="label" htmlFor="checkout-email">E-mail for the receipt</label>
          <input className="input" id="checkout-email" name="email" type="email" autoComplete="email" required maxLength={254} aria-describedby="checkout-email-hint" />
          <p id="checkout-email-hint" className="mt-1 text-xs text-slate-500">You are not signed in: we keep this with the order to reach you about it. Sign in to keep an order history.</p>
        </div>
      )}
      <button type="submit" className="btn-primary w-full" disabled={pending}>
        {pending ? "Placing your order…" : demo ? "Place order and go to the demo payment" : "Place order and pay with Stripe"}
      </button>
    </form>
  );
}
