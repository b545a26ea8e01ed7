"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/identity";
import { ForbiddenError } from "@/lib/errors";
import { field, formError, type FormState } from "@/lib/shop/form-error";
import { cancelOrder, deliverOrder, refundOrder, shipOrder } from "@/lib/shop/fulfilment";
import { saveShopSettingsJson } from "@/lib/shop/settings";
import type { AdminOrderDone } from "@/lib/shop/schemas";

// Admin order actions: each checks the admin, names them as the actor (the order's timeline), and
// answers words for the form instead of throwing.

async function adminActor() {
  const user = await currentUser();
  if (!user || user.role !== "admin") throw new ForbiddenError("Only admins can change orders");
  return { label: `admin ${user.email}`, userId: user.id };
}

async function origin(): Promise<string> {
  const h = await headers();
  return `${h.get("x-forwarded-proto") ?? "http"}://${h.get("x-forwarded-host") ?? h.get("host") ?? "localhost"}`;
}

/** Runs one change; success lands on the order page with a fixed sentence (the form that asked may be gone: the status moved on). */
async function run(publicId: string, what: string, done: AdminOrderDone, fn: (actor: Awaited<ReturnType<typeof adminActor>>) => Promise<unknown>): Promise<FormState> {
  try {
    await fn(await adminActor());
  } catch (e) {
    return formError(e, what);
  }
  revalidatePath(`/admin/orders/${publicId}`);
  redirect(`/admin/orders/${encodeURIComponent(publicId)}?done=${done}`);
}

export async function shipAction(publicId: string, _prev: FormState, form: FormData): Promise<FormState> {
  const input = { carrier: field(form, "carrier"), trackingNumber: field(form, "trackingNumber") };
  const base = await origin();
  return run(publicId, "Shipping", "shipped", (actor) => shipOrder(publicId, input, actor, base));
}

export async function deliverAction(publicId: string): Promise<FormState> {
  return run(publicId, "Marking delivered", "delivered", (actor) => deliverOrder(publicId, actor));
}

export async function cancelAction(publicId: string): Promise<FormState> {
  return run(publicId, "Canceling", "canceled", (actor) => cancelOrder(publicId, actor));
}

/** Refund: the whole order ("all" button) or the quantities typed per line (fields qty-<productId>). */
export async function refundAction(publicId: string, _prev: FormState, form: FormData): Promise<FormState> {
  const lines = [...form.keys()]
    .filter((k) => k.startsWith("qty-"))
    .map((k) => ({ productId: Number(k.slice(4)), quantity: Number(field(form, k) || 0) }))
    .filter((l) => l.quantity > 0);
  const input = field(form, "scope") === "all" ? { all: true } : { lines };
  if (!("all" in input) && lines.length === 0) return { error: "Enter how many of which line to refund" };
  const base = await origin();
  return run(publicId, "The refund", "refunded", (actor) => refundOrder(publicId, input, actor, base));
}

export async function saveShopSettingsAction(_prev: FormState, form: FormData): Promise<FormState> {
  try {
    await adminActor();
    await saveShopSettingsJson(field(form, "settings"));
  } catch (e) {
    return formError(e, "Saving the settings");
  }
  revalidatePath("/admin/shop-settings");
  return { error: null, ok: "Settings saved." };
}
