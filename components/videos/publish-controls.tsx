"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormError } from "@/components/ui/form-error";
import { callApi } from "@/lib/api/client";

/** Publish / unpublish a video for shoppers, and its class-suggestion setting (PATCH /api/admin/videos/:id/shop). */
export function PublishControls({ videoId, published, classSuggestions }: { videoId: number; published: boolean; classSuggestions: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function change(patch: { published?: boolean; classSuggestions?: boolean }) {
    setBusy(true);
    const res = await callApi(`/api/admin/videos/${videoId}/shop`, { method: "PATCH", json: patch });
    setBusy(false);
    if (!res.ok) return setError(res.message);
    setError(null);
    router.refresh();
  }

  return (
    <div className="space-y-2" data-testid="publish-controls">
      <FormError message={error} />
      <div className="flex flex-wrap items-center gap-3">
        <span className="text-sm" data-testid="publish-state">{published ? "Published: shoppers see it" : "Draft: only admins see it"}</span>
        <button type="button" className={published ? "btn-secondary" : "btn-primary"} disabled={busy} onClick={() => void change({ published: !published })}>
          {published ? "Unpublish" : "Publish"}
        </button>
        <label className="flex items-center gap-1 text-sm">
          <input type="checkbox" checked={classSuggestions} disabled={busy} onChange={(e) => void change({ classSuggestions: e.target.checked })} />
          Suggest products by class where none is attached
        </label>
      </div>
    </div>
  );
}
