import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { Notice } from "@/components/shop/notice";
import { OrderItemsTable } from "@/components/shop/order-items-table";
import { OrderStatusBadge } from "@/components/shop/order-status-badge";
import { OrderTimeline } from "@/components/shop/order-timeline";
import { ShippingAddress } from "@/components/shop/shipping-address";
import { orderTimeline } from "@/lib/shop/fulfilment";
import { PaymentWaiter } from "@/components/shop/payment-waiter";
import { NotFoundError } from "@/lib/errors";
import { visibleOrder } from "@/lib/shop/order-access";
import { currentShopper } from "@/lib/shop/shopper";
import { checkPaymentAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Your order" };

type Props = { params: Promise<{ publicId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

// Reachable by its unguessable public id (the receipt; Stripe returns through /checkout/return), signed in
// or not. It shows the order even before Stripe's webhook arrives, and waits until the payment is confirmed.
// It never changes the cart itself: the header counts the cart while this page renders.
export default async function OrderPage({ params, searchParams }: Props) {
  const { publicId } = await params;
  const sp = await searchParams;
  const shopper = await currentShopper();
  // A signed-in buyer's order is theirs (and admins') alone; an anonymous one shows its e-mail masked.
  const found = await visibleOrder(publicId, shopper).catch((e: unknown) => (e instanceof NotFoundError ? undefined : Promise.reject(e)));
  if (!found) notFound();
  const { order, items, email, owner } = found;
  const sessionId = typeof sp.session_id === "string" ? sp.session_id : null;
  // A return address from before /checkout/return existed, no longer pending: settle the cart there first.
  if (sessionId !== null && order.status !== "pending") redirect(`/checkout/return/${order.publicId}?session_id=${encodeURIComponent(sessionId)}`);
  const timeline = await orderTimeline(order.id);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="page-title">Order {order.publicId.slice(0, 8)}</h1>
        <OrderStatusBadge status={order.status} />
      </div>
      {order.status === "pending" && order.paymentMode === "stripe" && (
        <>
          <PaymentWaiter check={checkPaymentAction.bind(null, order.publicId, sessionId)} />
          <Notice tone="warn">Waiting for payment confirmation from Stripe… this page refreshes itself.</Notice>
        </>
      )}
      {order.status === "pending" && order.paymentMode === "demo" && owner && (
        <Notice tone="warn">
          This order is waiting for payment. <Link href={`/checkout/demo/${order.publicId}`} className="font-medium underline">Go to the demo payment</Link>
        </Notice>
      )}
      {order.status === "paid" && <Notice tone="ok">Thank you! Your payment was received.</Notice>}
      {order.status === "failed" && (
        <Notice tone="error">
          The payment did not go through, so nothing was charged. Your cart still holds the items. <Link href="/cart" className="font-medium underline">Back to the cart</Link>
        </Notice>
      )}
      {order.status === "canceled" && <Notice tone="error">The payment was not completed in time and the order was canceled. Nothing was charged.</Notice>}
      {order.status === "refunded" && <Notice tone="ok">This order was refunded.</Notice>}
      {order.status === "shipped" && (
        <Notice tone="ok">
          Your order is on its way with {order.carrier}. Tracking number: <span className="font-mono" data-testid="tracking-number">{order.trackingNumber}</span>
        </Notice>
      )}
      {order.status === "delivered" && <Notice tone="ok">Your order was delivered.</Notice>}
      <section aria-label="Items" className="card p-4">
        <OrderItemsTable items={items} currency={order.currency} totalCents={order.totalCents} totals={order.shippingAddress ? order : undefined} />
      </section>
      <div className="grid gap-4 sm:grid-cols-2">
        {order.shippingAddress && (
          <section aria-label="Shipping address" className="card p-4">
            <h2 className="mb-2 font-semibold">Ship to</h2>
            <ShippingAddress address={order.shippingAddress} />
          </section>
        )}
        <section aria-label="Timeline" className="card p-4">
          <h2 className="mb-2 font-semibold">Timeline</h2>
          <OrderTimeline events={timeline} />
        </section>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm text-slate-600">
        <dt>Placed</dt>
        <dd>{order.createdAt.toUTCString()}</dd>
        {order.paidAt && (
          <>
            <dt>Paid</dt>
            <dd>{order.paidAt.toUTCString()}</dd>
          </>
        )}
        {email && (
          <>
            <dt>E-mail</dt>
            <dd>{email}</dd>
          </>
        )}
        <dt>Payment</dt>
        <dd>{order.paymentMode === "demo" ? "Demo (no money moved)" : "Stripe"}</dd>
      </dl>
      <p className="text-sm text-slate-600">Keep this page’s address: it is the link to your order.</p>
      {shopper.userId !== null && (
        <p><Link href="/orders" className="text-brand-600 underline">All your orders</Link></p>
      )}
    </div>
  );
}
