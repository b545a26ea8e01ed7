import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { ActionForm } from "@/components/shop/action-form";
import { AddressFields } from "@/components/shop/address-fields";
import { OrderItemsTable } from "@/components/shop/order-items-table";
import { formatPrice } from "@/lib/catalogue/format";
import { rateCost } from "@/lib/shop/pricing";
import { getShopSettings } from "@/lib/shop/settings";
import { NotFoundError } from "@/lib/errors";
import { visibleOrder } from "@/lib/shop/order-access";
import { currentShopper } from "@/lib/shop/shopper";
import { demoDeclineAction, demoPayAction } from "../../actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Demo payment" };

export default async function DemoPaymentPage({ params }: { params: Promise<{ publicId: string }> }) {
  const { publicId } = await params;
  const found = await visibleOrder(publicId, await currentShopper()).catch((e: unknown) => (e instanceof NotFoundError ? undefined : Promise.reject(e)));
  if (!found || found.order.paymentMode !== "demo") notFound();
  const { order, items } = found;
  // Only the buyer's own session pays or declines; anyone else holding the link sees the order page.
  if (order.status !== "pending" || !found.owner) redirect(`/orders/${order.publicId}`);
  const settings = await getShopSettings();
  const rates = settings.shippingRates.map((r) => ({ id: r.id, label: r.label, costCents: rateCost(r, order.subtotalCents) }));
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <div role="note" className="rounded-lg border-2 border-dashed border-amber-400 bg-amber-50 p-4 text-amber-900">
        <p className="text-lg font-semibold">Demo payment — Stripe keys are not configured; no money moves</p>
        <p className="mt-1 text-sm">
          This page stands in for Stripe Checkout. “Pay” and “Decline” move the order through the same states as a real
          payment (pending → paid or failed); stock is taken only when the order is paid.
        </p>
      </div>
      <h1 className="page-title">Pay for your order</h1>
      <section aria-label="Order" className="card p-4">
        <OrderItemsTable items={items} currency={order.currency} totalCents={order.totalCents} />
      </section>
      <ActionForm action={demoPayAction.bind(null, order.publicId)} label="Shipping and payment" className="card space-y-3 p-4">
        <AddressFields
          countries={settings.countries}
          rates={rates}
          currency={order.currency}
          taxNote="Tax is added by the destination country's rate (catalogue settings) on goods and shipping; the total is shown on the order."
        />
        <button type="submit" className="btn-primary">Pay {formatPrice(order.subtotalCents, order.currency)} + shipping and tax (demo)</button>
      </ActionForm>
      <div className="flex flex-wrap gap-3">
        <form action={demoDeclineAction}>
          <input type="hidden" name="publicId" value={order.publicId} />
          <button type="submit" className="btn-danger">Decline payment (demo)</button>
        </form>
        <Link href="/cart" className="btn-secondary">Back to the cart</Link>
      </div>
    </div>
  );
}
