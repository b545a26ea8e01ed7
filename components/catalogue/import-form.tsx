"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormError } from "@/components/ui/form-error";
import type { ImportReport } from "@/lib/catalogue/import";

const SAMPLE = [
  "sku,name,description,price,currency,stock,itemName,articleFragment,additionalIdentifier,active",
  'MUG-001,Enamel mug,"Steel mug, 350 ml",14.50,EUR,25,cup,,,true',
  "TEE-001,Cotton t-shirt,,24.90,EUR,40,person,upper body,white,true",
].join("\r\n");

function contentTypeFor(file: File): string {
  if (file.name.toLowerCase().endsWith(".json") || file.type === "application/json") return "application/json";
  return "text/csv";
}

export function ImportForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    setReport(null);
    const file = new FormData(e.currentTarget).get("file");
    if (!(file instanceof File) || file.size === 0) return setError("Choose a CSV or JSON file first.");
    setBusy(true);
    try {
      const res = await fetch("/api/admin/products/import", {
        method: "POST",
        headers: { "content-type": contentTypeFor(file) },
        body: await file.text(),
      });
      const body = (await res.json().catch(() => null)) as (ImportReport & { error?: { message?: string } }) | null;
      if (body && Array.isArray(body.rejected)) {
        setReport(body);
        if (res.ok) router.refresh();
      } else {
        setError(body?.error?.message ?? `The import failed (${res.status}).`);
      }
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3">
        <div>
          <label className="label" htmlFor="import-file">CSV or JSON file</label>
          <input id="import-file" name="file" type="file" accept=".csv,.json,text/csv,application/json" aria-describedby="import-hint" className="block text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5" />
        </div>
        <button type="submit" className="btn-secondary" disabled={busy}>
          {busy ? "Importing…" : "Import"}
        </button>
      </form>
      <p id="import-hint" className="text-xs text-slate-500">
        Rows are matched by SKU: new SKUs are created, existing ones updated. Every row is checked first — if any row
        has a problem, nothing is imported. Empty cells leave a field unchanged.{" "}
        <a className="text-brand-600 underline" href={`data:text/csv;charset=utf-8,${encodeURIComponent(SAMPLE)}`} download="framecart-products-sample.csv">
          Download a sample CSV
        </a>
      </p>
      <FormError message={error} />
      <div aria-live="polite">
        {report && <ImportReportView report={report} />}
      </div>
    </div>
  );
}

function ImportReportView({ report }: { report: ImportReport }) {
  if (report.rejected.length === 0) {
    return (
      <p className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800">
        Imported {report.accepted} product{report.accepted === 1 ? "" : "s"}: {report.created} created, {report.updated} updated.
      </p>
    );
  }
  return (
    <div className="space-y-2">
      <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
        Nothing was imported: {report.rejected.length} row{report.rejected.length === 1 ? " has" : "s have"} problems
        ({report.accepted} row{report.accepted === 1 ? " was" : "s were"} fine). Fix them and import the file again.
      </p>
      <table className="table">
        <caption className="sr-only">Rejected rows</caption>
        <thead>
          <tr>
            <th scope="col">Row</th>
            <th scope="col">SKU</th>
            <th scope="col">Problems</th>
          </tr>
        </thead>
        <tbody>
          {report.rejected.map((r) => (
            <tr key={r.row}>
              <td>{r.row}</td>
              <td className="font-mono text-xs">{r.sku ?? "—"}</td>
              <td>
                <ul className="list-inside list-disc">
                  {r.errors.map((e, i) => (
                    <li key={i}>
                      {e.path ? <span className="font-medium">{e.path}: </span> : null}
                      {e.message}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-xs text-slate-500">Row 1 is the first product after the header line.</p>
    </div>
  );
}
