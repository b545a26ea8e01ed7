"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { ZodError } from "zod";
import { ApiError } from "@/lib/api/errors";
import { checkoutSchema, clearOrderedFromCart, declineDemo, orderWithItems, payDemo, placeOrder, PUBLIC_ID_RE } from "@/lib/shop/orders";
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
    if (e instanceof ApiError) return { error: e.message };
    console.error("[checkout] failed", e);
    return { error: "We could not start the payment. Nothing was charged; try again in a moment." };
  }
  redirect(url);
}

function publicIdFrom(form: FormData): string {
  const v = form.get("publicId");
  return typeof v === "string" && PUBLIC_ID_RE.test(v) ? v : "";
}

/** Demo page buttons: the same order transitions the Stripe webhook uses. */
export async function demoPayAction(form: FormData): Promise<void> {
  const id = publicIdFrom(form);
  if (id && (await payDemo(id, await currentShopper())).outcome === "moved") {
    // Paid: what was bought leaves the payer's cart (a declined order leaves the cart as it was).
    const found = await orderWithItems(id);
    if (found) await clearOrderedFromCart(await currentShopper(), found.order);
    revalidatePath("/", "layout");
  }
  redirect(`/orders/${id}`);
}

export async function demoDeclineAction(form: FormData): Promise<void> {
  const id = publicIdFrom(form);
  if (id) await declineDemo(id, await currentShopper());
  redirect(`/orders/${id}`);
}
