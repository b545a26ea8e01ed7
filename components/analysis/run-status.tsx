import type { RunRow } from "@/lib/analysis/history";

const STYLES: Record<RunRow["status"], string> = {
  queued: "bg-slate-100 text-slate-700",
  running: "bg-brand-100 text-brand-700",
  succeeded: "bg-green-100 text-green-800",
  failed: "bg-red-100 text-red-800",
  canceled: "bg-amber-100 text-amber-800",
};

export function RunStatus({ status }: { status: RunRow["status"] }) {
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${STYLES[status]}`}>{status}</span>;
}
