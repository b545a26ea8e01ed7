import Link from "next/link";
import { CheckoutForm } from "@/components/shop/checkout-form";
import { Notice } from "@/components/shop/notice";
import { formatPrice } from "@/lib/catalogue/format";
import { env } from "@/lib/env";
import { viewCart } from "@/lib/shop/cart";
import { currentShopper } from "@/lib/shop/shopper";
import { placeOrderAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Checkout" };

export default async function CheckoutPage() {
  const shopper = await currentShopper();
  const { cart } = await viewCart(shopper);
  const demo = env().paymentMode === "demo";
  if (cart.items.length === 0) {
    return (
      <div className="space-y-4">
        <h1 className="page-title">Checkout</h1>
        <p className="text-slate-700">Your cart is empty, so there is nothing to check out.</p>
        <Link href="/products" className="btn-primary">Browse the shop</Link>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className="page-title">Checkout</h1>
      {demo && <Notice tone="warn">Demo mode: Stripe keys are not configured, so the next page is a demo payment where no money moves.</Notice>}
      <section aria-labelledby="co-items" className="card p-4">
        <h2 id="co-items" className="mb-2 text-lg font-semibold">Your order</h2>
        <ul className="divide-y divide-slate-100 text-sm">
          {cart.items.map((i) => (
            <li key={i.productId} className="flex justify-between py-2">
              <span>{i.quantity} × {i.name}</span>
              <span className="tabular-nums">{formatPrice(i.lineCents, i.currency)}</span>
            </li>
          ))}
        </ul>
        <p className="mt-2 flex justify-between border-t border-slate-200 pt-2 font-semibold">
          <span>Total</span>
          <span className="tabular-nums">{cart.currency ? formatPrice(cart.totalCents, cart.currency) : "—"}</span>
        </p>
      </section>
      {cart.problems.length > 0 ? (
        <div className="space-y-2">
          <ul className="list-disc pl-5 text-sm text-red-700" role="alert">
            {cart.problems.map((p) => <li key={p}>{p}</li>)}
          </ul>
          <Link href="/cart" className="btn-secondary">Back to the cart</Link>
        </div>
      ) : (
        <section aria-label="Payment" className="card p-4">
          <CheckoutForm action={placeOrderAction} askEmail={shopper.userId === null} demo={demo} />
          <p className="mt-3 text-center text-sm"><Link href="/cart" className="text-brand-600 underline">Back to the cart</Link></p>
        </section>
      )}
    </div>
  );
}
