"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormError } from "@/components/ui/form-error";
import { callApi } from "@/lib/api/client";

export type TokenRow = { id: number; name: string; prefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

export function TokenManager({ tokens }: { tokens: TokenRow[] }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function create(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    setBusy(true);
    setError(null);
    const name = String(new FormData(formEl).get("name") ?? "");
    const res = await callApi<{ token: string }>("/api/tokens", { method: "POST", json: { name } });
    setBusy(false);
    if (!res.ok) return setError(res.message);
    setCreated(res.data.token);
    formEl.reset();
    router.refresh();
  }

  async function revoke(id: number) {
    setError(null);
    const res = await callApi(`/api/tokens/${id}`, { method: "DELETE" });
    if (!res.ok) setError(res.message);
    router.refresh();
  }

  return (
    <div className="space-y-4">
      <FormError message={error} />
      {created && (
        <div role="status" className="rounded-md border border-green-200 bg-green-50 p-3 text-sm">
          <p className="font-medium text-green-800">Copy your token now — it is shown only once.</p>
          <code data-testid="new-token" className="mt-2 block break-all rounded bg-white p-2 font-mono text-xs">{created}</code>
        </div>
      )}
      <form onSubmit={create} className="flex flex-wrap items-end gap-2">
        <div className="grow">
          <label className="label" htmlFor="token-name">New token name</label>
          <input className="input" id="token-name" name="name" placeholder="e.g. Chrome on laptop" required maxLength={60} />
        </div>
        <button className="btn-primary" type="submit" disabled={busy}>Create token</button>
      </form>
      {tokens.length === 0 ? (
        <p className="text-sm text-slate-500">No tokens yet. Create one and paste it into the extension&apos;s options.</p>
      ) : (
        <table className="table">
          <thead>
            <tr><th>Name</th><th>Token</th><th>Created</th><th>Last used</th><th><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td className="font-mono text-xs">{t.prefix}…</td>
                <td>{new Date(t.createdAt).toLocaleDateString()}</td>
                <td>{t.lastUsedAt ? new Date(t.lastUsedAt).toLocaleString() : "never"}</td>
                <td className="text-right">
                  {t.revokedAt ? (
                    <span className="text-xs text-slate-500">revoked</span>
                  ) : (
                    <button type="button" className="btn-secondary py-1 text-red-700" onClick={() => void revoke(t.id)}>
                      Revoke<span className="sr-only"> {t.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
