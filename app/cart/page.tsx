import Image from "next/image";
import Link from "next/link";
import { Notice } from "@/components/shop/notice";
import { formatPrice } from "@/lib/catalogue/format";
import { MAX_LINE_QUANTITY, viewCart } from "@/lib/shop/cart";
import { CART_NOTICES, type CartNotice } from "@/lib/shop/schemas";
import { currentShopper } from "@/lib/shop/shopper";
import { removeItemAction, updateQuantityAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Your cart" };

export default async function CartPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const code = typeof sp.notice === "string" && sp.notice in CART_NOTICES ? (sp.notice as CartNotice) : null;
  const notice = code ? CART_NOTICES[code] : null;
  const { cart, merged } = await viewCart(await currentShopper());
  return (
    <div className="space-y-6">
      <h1 className="page-title">Your cart</h1>
      {notice && <Notice tone={notice.tone}>{notice.text}</Notice>}
      {merged > 0 && <Notice tone="ok">{CART_NOTICES.merged.text}</Notice>}
      {cart.items.length === 0 ? (
        <div className="card space-y-3 p-8 text-center">
          <p className="text-slate-700">Your cart is empty.</p>
          <p>
            <Link href="/products" className="btn-primary">Browse the shop</Link>
          </p>
        </div>
      ) : (
        <div className="grid gap-6 lg:grid-cols-[1fr_18rem]">
          <section aria-labelledby="lines-h" className="card divide-y divide-slate-100">
            <h2 id="lines-h" className="sr-only">Items</h2>
            {cart.items.map((i) => (
              <div key={i.productId} className="flex flex-wrap items-center gap-4 p-4" data-testid="cart-line">
                {i.imageUrl ? (
                  <Image src={i.imageUrl} alt="" width={72} height={72} unoptimized className="h-18 w-18 rounded border border-slate-200 object-contain" />
                ) : (
                  <div className="flex h-18 w-18 items-center justify-center rounded bg-slate-100 text-xs text-slate-500" aria-hidden="true">No picture</div>
                )}
                <div className="min-w-40 grow">
                  <Link href={`/products/${i.productId}`} className="font-medium text-brand-600 underline-offset-2 hover:underline">{i.name}</Link>
                  <p className="text-sm text-slate-600">{formatPrice(i.unitPriceCents, i.currency)} each</p>
                  {i.problem && <p className="mt-1 text-sm text-red-700">{i.problem}</p>}
                </div>
                <form action={updateQuantityAction} className="flex items-end gap-2">
                  <input type="hidden" name="productId" value={i.productId} />
                  <div>
                    <label className="label" htmlFor={`q-${i.productId}`}>Quantity of {i.name}</label>
                    <input className="input w-24" id={`q-${i.productId}`} name="quantity" type="number" min={0} max={MAX_LINE_QUANTITY} defaultValue={i.quantity} required />
                  </div>
                  <button type="submit" className="btn-secondary">Update</button>
                </form>
                <form action={removeItemAction}>
                  <input type="hidden" name="productId" value={i.productId} />
                  <button type="submit" className="btn-secondary" aria-label={`Remove ${i.name}`}>Remove</button>
                </form>
                <p className="ml-auto w-24 text-right font-semibold tabular-nums">{formatPrice(i.lineCents, i.currency)}</p>
              </div>
            ))}
          </section>
          <aside aria-labelledby="sum-h" className="card h-fit space-y-4 p-4">
            <h2 id="sum-h" className="text-lg font-semibold">Summary</h2>
            <p className="flex justify-between text-sm">
              <span>{cart.count} item{cart.count === 1 ? "" : "s"}</span>
              <span className="font-semibold tabular-nums" data-testid="cart-total">{cart.currency ? formatPrice(cart.totalCents, cart.currency) : "—"}</span>
            </p>
            {cart.problems.length > 0 ? (
              <div className="space-y-2">
                <p className="text-sm text-red-700">Fix these before checking out:</p>
                <ul className="list-disc space-y-1 pl-5 text-sm text-red-700">
                  {cart.problems.map((p) => <li key={p}>{p}</li>)}
                </ul>
              </div>
            ) : (
              <Link href="/checkout" className="btn-primary w-full">Check out</Link>
            )}
            <Link href="/products" className="block text-center text-sm text-brand-600 underline">Continue shopping</Link>
          </aside>
        </div>
      )}
    </div>
  );
}
