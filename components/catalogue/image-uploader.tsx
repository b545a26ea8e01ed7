"use client";

import Image from "next/image";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { FormError } from "@/components/ui/form-error";
import { callApi } from "@/lib/api/client";

const MAX_BYTES = 5 * 1024 * 1024;
const ACCEPT = "image/jpeg,image/png,image/webp,image/gif,image/avif";

export function ImageUploader(props: { productId: number; productName: string; imageUrl: string | null; version: string }) {
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Free the preview's object URL when it is replaced or the component goes away.
  useEffect(() => () => (preview ? URL.revokeObjectURL(preview) : undefined), [preview]);

  function choose(e: React.ChangeEvent<HTMLInputElement>) {
    setError(null);
    setStatus(null);
    const f = e.target.files?.[0] ?? null;
    if (f && !f.type.startsWith("image/")) {
      setError("This file is not an image. Choose a JPEG, PNG, WebP, GIF or AVIF file.");
      return;
    }
    if (f && f.size > MAX_BYTES) {
      setError("This image is larger than 5 MB. Choose a smaller one.");
      return;
    }
    setFile(f);
    setPreview(f ? URL.createObjectURL(f) : null);
  }

  async function upload(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!file) return setError("Choose an image first.");
    const formEl = e.currentTarget;
    setBusy(true);
    setError(null);
    const body = new FormData();
    body.append("image", file);
    const res = await callApi(`/api/admin/products/${props.productId}/image`, { method: "POST", body });
    setBusy(false);
    if (!res.ok) return setError(res.message);
    formEl.reset();
    setFile(null);
    setPreview(null);
    setStatus("Image saved.");
    router.refresh();
  }

  async function remove() {
    setBusy(true);
    setError(null);
    const res = await callApi(`/api/admin/products/${props.productId}/image`, { method: "DELETE" });
    setBusy(false);
    if (!res.ok) return setError(res.message);
    setStatus("Image removed.");
    router.refresh();
  }

  return (
    <div className="space-y-4">
      <FormError message={error} />
      {status && <p role="status" className="text-sm text-green-800">{status}</p>}
      <div className="flex flex-wrap gap-6">
        <figure className="w-48">
          {props.imageUrl ? (
            <Image
              src={`${props.imageUrl}?v=${encodeURIComponent(props.version)}`}
              alt={`Current picture of ${props.productName}`}
              width={192}
              height={192}
              unoptimized
              className="aspect-square w-48 rounded-md border border-slate-200 bg-white object-contain"
            />
          ) : (
            <div className="flex aspect-square w-48 items-center justify-center rounded-md border border-dashed border-slate-300 text-sm text-slate-500">
              No picture yet
            </div>
          )}
          <figcaption className="mt-1 text-xs text-slate-500">Current</figcaption>
        </figure>
        {preview && (
          <figure className="w-48">
            <Image src={preview} alt="Preview of the chosen image" width={192} height={192} unoptimized className="aspect-square w-48 rounded-md border border-brand-500 bg-white object-contain" />
            <figcaption className="mt-1 text-xs text-slate-500">New (not saved yet)</figcaption>
          </figure>
        )}
      </div>
      <form onSubmit={upload} className="flex flex-wrap items-end gap-3">
        <div>
          <label className="label" htmlFor="product-image">Choose an image</label>
          <input id="product-image" name="image" type="file" accept={ACCEPT} onChange={choose} aria-describedby="product-image-hint" className="block text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5" />
          <p id="product-image-hint" className="mt-1 text-xs text-slate-500">JPEG, PNG, WebP, GIF or AVIF, up to 5 MB. Stored as WebP, at most 1200 px wide.</p>
        </div>
        <button className="btn-primary" type="submit" disabled={busy || !file}>
          {busy ? "Uploading…" : "Upload image"}
        </button>
        {props.imageUrl && (
          <button className="btn-secondary" type="button" onClick={() => void remove()} disabled={busy}>
            Remove picture
          </button>
        )}
      </form>
    </div>
  );
}
