import Link from "next/link";
import { cartItemCount } from "@/lib/shop/cart";
import { currentShopper } from "@/lib/shop/shopper";

/** "Cart (n)" in the header; the count is read on every request (pages are dynamic). */
export async function CartLink() {
  let count = 0;
  try {
    count = await cartItemCount(await currentShopper());
  } catch {
    count = 0; // the header must never break a page
  }
  return (
    <Link href="/cart" className="text-slate-700 hover:text-brand-600" aria-label={`Cart, ${count} item${count === 1 ? "" : "s"}`}>
      Cart{count > 0 && <span className="ml-1 rounded-full bg-brand-600 px-1.5 py-0.5 text-xs font-semibold text-white" aria-hidden="true">{count}</span>}
    </Link>
  );
}
