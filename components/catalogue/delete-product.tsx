"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { FormError } from "@/components/ui/form-error";
import { callApi } from "@/lib/api/client";

/** Delete with an inline confirmation step; focus goes to "Cancel" so Enter does not delete by accident. */
export function DeleteProduct({ productId, productName }: { productId: number; productName: string }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (confirming) cancelRef.current?.focus();
  }, [confirming]);

  async function remove() {
    setBusy(true);
    setError(null);
    const res = await callApi(`/api/admin/products/${productId}`, { method: "DELETE" });
    setBusy(false);
    if (!res.ok) return setError(res.message);
    router.push("/admin/products");
    router.refresh();
  }

  function cancel() {
    setConfirming(false);
    requestAnimationFrame(() => openRef.current?.focus());
  }

  return (
    <div className="space-y-3">
      <FormError message={error} />
      {confirming ? (
        <div role="alertdialog" aria-labelledby="delete-q" aria-describedby="delete-d" className="rounded-md border border-red-200 bg-red-50 p-4" onKeyDown={(e) => e.key === "Escape" && cancel()}>
          <p id="delete-q" className="font-medium text-red-800">Delete “{productName}”?</p>
          <p id="delete-d" className="mt-1 text-sm text-red-700">This removes the product and its picture, and detaches it from video tracks. It cannot be undone.</p>
          <div className="mt-3 flex gap-2">
            <button type="button" className="btn-danger" onClick={() => void remove()} disabled={busy}>
              {busy ? "Deleting…" : "Yes, delete"}
            </button>
            <button type="button" ref={cancelRef} className="btn-secondary" onClick={cancel} disabled={busy}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <button type="button" ref={openRef} className="btn-danger" onClick={() => setConfirming(true)}>
          Delete product
        </button>
      )}
    </div>
  );
}
