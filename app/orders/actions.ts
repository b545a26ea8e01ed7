"use server";

import { revalidatePath } from "next/cache";
import { redirect, RedirectType } from "next/navigation";
import { orderPagePath, settleStripeReturn } from "@/lib/shop/orders";
import { currentShopper } from "@/lib/shop/shopper";

/**
 * The waiting order page asks this every few seconds. While the order is pending nothing re-renders; once
 * it moved, the cart is settled first and then the whole tree (header included) renders once, fresh.
 */
export async function checkPaymentAction(publicId: string, sessionId: string | null): Promise<void> {
  const order = await settleStripeReturn(await currentShopper(), publicId, sessionId);
  if (!order || order.status === "pending") return;
  revalidatePath("/", "layout"); // the header's cart count lives in the root layout
  redirect(orderPagePath(order.publicId), RedirectType.replace);
}
