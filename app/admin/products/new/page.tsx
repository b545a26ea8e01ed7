import Link from "next/link";
import { ProductForm } from "@/components/catalogue/product-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "New product" };

export default function NewProductPage() {
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href="/admin/products" className="text-brand-600 underline">← Catalogue</Link>
      </p>
      <h1 className="page-title">New product</h1>
      <section className="card p-6" aria-label="Product details">
        <ProductForm />
      </section>
      <p className="text-sm text-slate-600">You can add a picture after the product is created.</p>
    </div>
  );
}
