import { formatPrice } from "@/lib/catalogue/format";

type Totals = { clicks: number; matchedClicks: number; cartAdds: number; paidOrders: number; unitsSold: number; revenueCents: number; currencies: string[] };

export function money(cents: number, currency: string | undefined): string {
  return formatPrice(cents, currency ?? "EUR");
}

/** The headline numbers of a funnel. */
export function StatCards({ totals, conversionPct }: { totals: Totals; conversionPct: number | null }) {
  const items: [string, string][] = [
    ["Clicks", String(totals.clicks)],
    ["Matched clicks", String(totals.matchedClicks)],
    ["Cart adds", String(totals.cartAdds)],
    ["Paid orders", String(totals.paidOrders)],
    ["Revenue", totals.currencies.length > 1 ? `${totals.revenueCents / 100} (mixed)` : money(totals.revenueCents, totals.currencies[0])],
    ["Clicks → orders", conversionPct === null ? "—" : `${conversionPct}%`],
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" data-testid="stats">
      {items.map(([k, v]) => (
        <div key={k} className="card p-4">
          <dt className="text-xs uppercase tracking-wide text-slate-500">{k}</dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** clicks → matched → cart adds → paid orders, bars scaled to clicks, with the step conversion. */
export function Funnel({ steps }: { steps: { key: string; label: string; n: number; ofPrev: number | null }[] }) {
  const top = Math.max(1, steps[0]?.n ?? 0);
  return (
    <ol className="space-y-2" aria-label="Conversion funnel" data-testid="funnel">
      {steps.map((s) => (
        <li key={s.key} className="grid grid-cols-[9rem_1fr_6rem] items-center gap-3 text-sm" data-step={s.key} data-n={s.n}>
          <span className="text-slate-700">{s.label}</span>
          <span className="h-5 rounded bg-slate-100" aria-hidden="true">
            <span className="block h-5 rounded bg-brand-500" style={{ width: `${(100 * s.n) / top}%` }} />
          </span>
          <span className="tabular-nums">
            {s.n}
            {s.ofPrev !== null && <span className="text-slate-500"> · {s.ofPrev}%</span>}
          </span>
        </li>
      ))}
    </ol>
  );
}
