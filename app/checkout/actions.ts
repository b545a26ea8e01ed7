"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { ZodError } from "zod";
import { DomainError } from "@/lib/errors";
import { checkoutSchema, clearOrderedFromCart, declineDemo, orderWithItems, payDemo, placeOrder, PUBLIC_ID_RE } from "@/lib/shop/orders";
import { field, formError, type FormState } from "@/lib/shop/form-error";
import { applyCookieInAction, currentShopper } from "@/lib/shop/shopper";

export type CheckoutState = { error: string | null };

async function origin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost";
  const proto = h.get("x-forwarded-proto") ?? "http";
  return `${proto}://${host}`;
}

export async function placeOrderAction(_prev: CheckoutState, form: FormData): Promise<CheckoutState> {
  const shopper = await currentShopper();
  let url: string;
  try {
    const raw = form.get("email");
    const { email } = checkoutSchema.parse({ email: typeof raw === "string" && raw.trim() !== "" ? raw.trim() : undefined });
    const placed = await placeOrder({ ...shopper, email: email ?? shopper.email }, await origin());
    await applyCookieInAction(placed.cookie);
    url = placed.redirectUrl;
  } catch (e) {
    if (e instanceof ZodError) return { error: e.issues[0]?.message ?? "Check the form" };
    if (e instanceof DomainError) return { error: e.message };
    console.error("[checkout] failed", e);
    return { error: "We could not start the payment. Nothing was charged; try again in a moment." };
  }
  redirect(url);
}

function publicIdFrom(form: FormData): string {
  const v = form.get("publicId");
  return typeof v === "string" && PUBLIC_ID_RE.test(v) ? v : "";
}

const ADDRESS_FIELDS = ["name", "line1", "line2", "postalCode", "city", "state", "country", "phone", "rate"] as const;

/** Demo page "Pay": the address and rate are checked (words on the page if not), then the same transition the Stripe webhook uses. */
export async function demoPayAction(publicId: string, _prev: FormState, form: FormData): Promise<FormState> {
  const id = PUBLIC_ID_RE.test(publicId) ? publicId : "";
  try {
    const address = Object.fromEntries(ADDRESS_FIELDS.map((k) => [k, field(form, k)])) as Record<(typeof ADDRESS_FIELDS)[number], string>;
    if (id && (await payDemo(id, await currentShopper(), address, await origin())).outcome === "moved") {
      // Paid: what was bought leaves the payer's cart (a declined order leaves the cart as it was).
      const found = await orderWithItems(id);
      if (found) await clearOrderedFromCart(await currentShopper(), found.order);
      revalidatePath("/", "layout");
    }
  } catch (e) {
    return formError(e, "The payment");
  }
  redirect(`/orders/${id}`);
}

export async function demoDeclineAction(form: FormData): Promise<void> {
  const id = publicIdFrom(form);
  if (id) await declineDemo(id, await currentShopper());
  redirect(`/orders/${id}`);
}
