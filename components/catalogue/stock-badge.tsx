import { stockState } from "@/lib/catalogue/format";

const TONES = {
  ok: "bg-green-50 text-green-800 border-green-200",
  low: "bg-amber-50 text-amber-800 border-amber-200",
  out: "bg-slate-100 text-slate-600 border-slate-200",
} as const;

export function StockBadge({ stock }: { stock: number }) {
  const s = stockState(stock);
  return <span className={`inline-block rounded-full border px-2 py-0.5 text-xs font-medium ${TONES[s.tone]}`}>{s.label}</span>;
}
