import { STATUS_LABEL, type OrderStatus } from "@/lib/shop/states";

const TONES: Record<OrderStatus, string> = {
  pending: "bg-amber-50 text-amber-900 border-amber-200",
  paid: "bg-green-50 text-green-800 border-green-200",
  shipped: "bg-sky-50 text-sky-800 border-sky-200",
  delivered: "bg-emerald-50 text-emerald-800 border-emerald-200",
  failed: "bg-red-50 text-red-700 border-red-200",
  refunded: "bg-slate-100 text-slate-700 border-slate-300",
  canceled: "bg-slate-100 text-slate-600 border-slate-200",
};

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  return <span className={`inline-block rounded-full border px-2 py-0.5 text-xs font-medium ${TONES[status]}`}>{STATUS_LABEL[status]}</span>;
}
