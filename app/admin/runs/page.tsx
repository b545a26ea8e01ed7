import Link from "next/link";
import { AutoRefresh } from "@/components/analysis/auto-refresh";
import { RunsTable } from "@/components/analysis/runs-table";
import { Pagination } from "@/components/catalogue/pagination";
import { listRunsWithVideo } from "@/lib/analysis/service";
import { historyKind, runRow } from "@/lib/analysis/history";

export const dynamic = "force-dynamic";
export const metadata = { title: "Analysis history" };

const PAGE_SIZE = 50;
const FILTERS = [
  { kind: "objects", label: "Object analyses" },
  { kind: "actions", label: "Action analyses" },
  { kind: "all", label: "All runs" },
];

export default async function AnalysisHistoryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const kind = historyKind(sp.kind);
  const page = Math.max(1, Math.min(10_000, Number.parseInt(String(sp.page ?? "1"), 10) || 1));
  const { rows, total } = await listRunsWithVideo({ kind, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const view = rows.map((r) => runRow(r));
  const active = view.some((r) => r.status === "queued" || r.status === "running");
  const selected = kind ?? "all";
  return (
    <div className="space-y-6">
      {active && <AutoRefresh seconds={3} />}
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="page-title">Analysis history</h1>
        <nav aria-label="Filter runs" className="flex gap-2">
          {FILTERS.map((f) => (
            <Link key={f.kind} href={f.kind === "objects" ? "/admin/runs" : `/admin/runs?kind=${f.kind}`} className={f.kind === selected ? "btn-primary" : "btn-secondary"} aria-current={f.kind === selected ? "page" : undefined}>
              {f.label}
            </Link>
          ))}
        </nav>
      </div>
      <section aria-labelledby="runs-h" className="card space-y-4 p-6">
        <h2 id="runs-h" className="sr-only">Runs</h2>
        <p className="text-sm text-slate-600" aria-live="polite">
          {total} run{total === 1 ? "" : "s"}
          {active ? " · updating while runs are in progress" : ""}
        </p>
        {view.length === 0 ? (
          <p className="py-6 text-center text-sm text-slate-500">No runs yet. Uploaded videos are analysed automatically once they are processed.</p>
        ) : (
          <RunsTable rows={view} />
        )}
        <Pagination basePath="/admin/runs" params={{ kind: sp.kind === "all" || sp.kind === "actions" ? sp.kind : undefined }} page={page} pageCount={Math.max(1, Math.ceil(total / PAGE_SIZE))} />
      </section>
    </div>
  );
}
