"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { DomainError } from "@/lib/errors";
import { removeFromCart, updateCartQuantity } from "@/lib/shop/cart";
import { setQuantitySchema } from "@/lib/shop/schemas";
import { applyCookieInAction, currentShopper } from "@/lib/shop/shopper";

function productIdFrom(form: FormData): number {
  const n = Number(form.get("productId"));
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

export async function updateQuantityAction(form: FormData): Promise<void> {
  const productId = productIdFrom(form);
  const parsed = setQuantitySchema.safeParse({ quantity: Number(form.get("quantity")) });
  if (!productId || !parsed.success) redirect("/cart?notice=invalid_link");
  try {
    await applyCookieInAction(await updateCartQuantity(await currentShopper(), productId, parsed.data.quantity));
  } catch (e) {
    if (e instanceof DomainError && e.kind === "conflict") redirect(`/cart?notice=too_many&product=${productId}`);
    if (e instanceof DomainError && e.kind === "not_found") redirect("/cart?notice=unknown_product");
    throw e;
  }
  revalidatePath("/", "layout"); // the header's cart count lives in the root layout
  redirect(`/cart?notice=${parsed.data.quantity === 0 ? "removed" : "updated"}`);
}

export async function removeItemAction(form: FormData): Promise<void> {
  const productId = productIdFrom(form);
  if (productId) await applyCookieInAction(await removeFromCart(await currentShopper(), [productId]));
  revalidatePath("/", "layout");
  redirect("/cart?notice=removed");
}
