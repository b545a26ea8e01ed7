"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormError } from "@/components/ui/form-error";
import { callApi } from "@/lib/api/client";

export function DeleteVideoButton({ videoId, title }: { videoId: number; title: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function remove() {
    if (!window.confirm(`Delete “${title}” with its timeline, runs, tracks and files? This cannot be undone.`)) return;
    setBusy(true);
    const res = await callApi(`/api/admin/videos/${videoId}`, { method: "DELETE" });
    setBusy(false);
    if (!res.ok) return setError(res.message);
    router.push("/admin/videos");
    router.refresh();
  }

  return (
    <div className="space-y-2">
      <FormError message={error} />
      <button type="button" className="btn-danger" disabled={busy} onClick={() => void remove()}>
        {busy ? "Deleting…" : "Delete video"}
      </button>
    </div>
  );
}
