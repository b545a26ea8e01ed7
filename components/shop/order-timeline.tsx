const WORDS: Record<string, string> = {
  placed: "Order placed",
  pay: "Payment received",
  fail: "Payment failed",
  expire: "Payment window expired",
  cancel: "Order canceled",
  ship: "Shipped",
  deliver: "Delivered",
  refund: "Refunded",
  refund_partial: "Partly refunded",
  email_confirmation: "Confirmation e-mail",
  email_shipped: "Shipped e-mail",
  email_refunded: "Refund e-mail",
};

export type TimelineEntry = { id: number; kind: string; at: Date; actor?: string; note?: string | null };

/** What happened to an order and when (the buyer's page without who; the admin page with who and notes). */
export function OrderTimeline({ events }: { events: TimelineEntry[] }) {
  return (
    <ol aria-label="Order timeline" className="space-y-2 border-l-2 border-slate-200 pl-4">
      {events.map((e) => (
        <li key={e.id} data-kind={e.kind} className="text-sm">
          <span className="font-medium">{WORDS[e.kind] ?? e.kind.replace(/_/g, " ")}</span>{" "}
          <time dateTime={e.at.toISOString()} className="text-slate-500">{e.at.toUTCString()}</time>
          {e.actor && <span className="text-slate-500"> · by {e.actor}</span>}
          {e.note && <div className="text-xs text-slate-600">{e.note}</div>}
        </li>
      ))}
    </ol>
  );
}
