"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { LabelDatalist } from "@/components/labels/label-input";
import { FormError } from "@/components/ui/form-error";
import { callApi } from "@/lib/api/client";
import { fieldErrorsFrom, productInputFromForm, type FieldErrors, type ProductField } from "@/lib/catalogue/form";
import { priceInput } from "@/lib/catalogue/format";
import { productCreateSchema, productUpdateSchema, type AdminProduct } from "@/lib/catalogue/schemas";

type Details = { path: string; message: string }[];

/** Create (no product) or edit form. Checks with the same schema as the API, then shows the API's answer per field. */
export function ProductForm({ product }: { product?: AdminProduct }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);

  function show(errs: FieldErrors) {
    setErrors(errs);
    // Move focus to the first field that needs fixing, so keyboard and screen-reader users land on it.
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    const input = productInputFromForm(new FormData(e.currentTarget));
    const local = (product ? productUpdateSchema : productCreateSchema).safeParse(input);
    if (!local.success) return show(fieldErrorsFrom(local.error.issues));
    setBusy(true);
    const res = await callApi<{ product: AdminProduct }>(product ? `/api/admin/products/${product.id}` : "/api/admin/products", {
      method: product ? "PATCH" : "POST",
      json: input,
    });
    setBusy(false);
    if (!res.ok) {
      const details = Array.isArray(res.details) ? (res.details as Details) : [];
      if (details.length) return show(fieldErrorsFrom(details));
      return show(res.status === 409 ? { sku: res.message } : { form: res.message });
    }
    setErrors({});
    if (!product) {
      router.push(`/admin/products/${res.data.product.id}?created=1`);
      return;
    }
    setSaved(true);
    router.refresh();
  }

  const a11y = (name: ProductField, hint?: boolean) => ({
    id: `product-${name}`,
    name,
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": [errors[name] ? `product-${name}-error` : "", hint ? `product-${name}-hint` : ""].filter(Boolean).join(" ") || undefined,
  });
  const err = (name: ProductField) =>
    errors[name] ? (
      <p id={`product-${name}-error`} className="mt-1 text-sm text-red-700">
        {errors[name]}
      </p>
    ) : null;
  const hasFieldErrors = Object.keys(errors).some((k) => k !== "form");

  return (
    <form ref={formRef} onSubmit={onSubmit} className="space-y-5" noValidate>
      <FormError message={errors.form ?? (hasFieldErrors ? "Please fix the fields marked below." : null)} />
      {saved && (
        <p role="status" className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800">
          Changes saved.
        </p>
      )}
      <div className="grid gap-5 sm:grid-cols-2">
        <div>
          <label className="label" htmlFor="product-name">Name</label>
          <input className="input" {...a11y("name")} defaultValue={product?.name} required maxLength={200} />
          {err("name")}
        </div>
        <div>
          <label className="label" htmlFor="product-sku">SKU</label>
          <input className="input font-mono uppercase" {...a11y("sku", true)} defaultValue={product?.sku} required maxLength={64} autoCapitalize="characters" spellCheck={false} />
          <p id="product-sku-hint" className="mt-1 text-xs text-slate-500">Letters, digits, dash, underscore and dot; unique.</p>
          {err("sku")}
        </div>
        <div>
          <label className="label" htmlFor="product-price">Price</label>
          <input className="input" {...a11y("price", true)} defaultValue={product ? priceInput(product.priceCents) : ""} inputMode="decimal" required placeholder="12.50" />
          <p id="product-price-hint" className="mt-1 text-xs text-slate-500">In the currency below, with a dot for decimals.</p>
          {err("price")}
        </div>
        <div>
          <label className="label" htmlFor="product-currency">Currency</label>
          <input className="input uppercase" {...a11y("currency", true)} defaultValue={product?.currency ?? "EUR"} maxLength={3} required autoCapitalize="characters" spellCheck={false} />
          <p id="product-currency-hint" className="mt-1 text-xs text-slate-500">ISO 4217 code, e.g. EUR, USD, GBP.</p>
          {err("currency")}
        </div>
        <div>
          <label className="label" htmlFor="product-stock">Stock</label>
          <input className="input" {...a11y("stock")} type="number" min={0} step={1} defaultValue={product?.stock ?? 0} inputMode="numeric" />
          {err("stock")}
        </div>
        <div>
          <label className="label" htmlFor="product-itemName">Class</label>
          <input className="input" {...a11y("itemName", true)} list="product-itemName-options" defaultValue={product?.itemName ?? ""} maxLength={40} autoComplete="off" spellCheck={false} placeholder="cup, person, jacket, sneaker…" />
          <LabelDatalist id="product-itemName-options" />
          <p id="product-itemName-hint" className="mt-1 text-xs text-slate-500">The kind of object in videos this product matches: a detector class (offered first) or your own category; empty for none.</p>
          {err("itemName")}
        </div>
        <div>
          <label className="label" htmlFor="product-articleFragment">Article fragment</label>
          <input className="input" {...a11y("articleFragment", true)} defaultValue={product?.articleFragment ?? ""} maxLength={200} />
          <p id="product-articleFragment-hint" className="mt-1 text-xs text-slate-500">Optional: which part of the object, e.g. “upper body”.</p>
          {err("articleFragment")}
        </div>
        <div>
          <label className="label" htmlFor="product-additionalIdentifier">Additional identifier</label>
          <input className="input" {...a11y("additionalIdentifier", true)} defaultValue={product?.additionalIdentifier ?? ""} maxLength={200} />
          <p id="product-additionalIdentifier-hint" className="mt-1 text-xs text-slate-500">Optional: e.g. a colour or model that tells similar products apart.</p>
          {err("additionalIdentifier")}
        </div>
      </div>
      <div>
        <label className="label" htmlFor="product-description">Description</label>
        <textarea className="input min-h-32" {...a11y("description")} defaultValue={product?.description ?? ""} maxLength={5000} rows={5} />
        {err("description")}
      </div>
      <div className="flex items-center gap-2">
        <input type="checkbox" className="size-4" {...a11y("active", true)} defaultChecked={product?.active ?? true} />
        <label htmlFor="product-active" className="text-sm font-medium text-slate-700">Active</label>
        <span id="product-active-hint" className="text-xs text-slate-500">— shown in the shop and matched in videos</span>
        {err("active")}
      </div>
      <button className="btn-primary" type="submit" disabled={busy}>
        {busy ? "Saving…" : product ? "Save changes" : "Create product"}
      </button>
    </form>
  );
}
