import { isInt4Id } from "@/lib/security/input-guard";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DeleteProduct } from "@/components/catalogue/delete-product";
import { ImageUploader } from "@/components/catalogue/image-uploader";
import { ProductForm } from "@/components/catalogue/product-form";
import { getProduct } from "@/lib/catalogue/service";
import { toAdminProduct } from "@/lib/catalogue/schemas";

export const dynamic = "force-dynamic";
export const metadata = { title: "Edit product" };

export default async function EditProductPage(props: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await props.params;
  const n = Number(id);
  const row = isInt4Id(n) ? await getProduct(n) : undefined;
  if (!row) notFound();
  const product = toAdminProduct(row);
  const created = (await props.searchParams).created !== undefined;
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href="/admin/products" className="text-brand-600 underline">← Catalogue</Link>
      </p>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="page-title">{product.name}</h1>
        {product.active && (
          <Link href={`/products/${product.id}`} className="text-sm text-brand-600 underline">View in shop</Link>
        )}
        <Link href={`/admin/analytics/products/${product.id}`} className="text-sm text-brand-600 underline">Which videos sell it</Link>
      </div>
      {created && (
        <p role="status" className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800">
          Product created. Add a picture below.
        </p>
      )}
      <section className="card p-6" aria-labelledby="details-h">
        <h2 id="details-h" className="mb-4 text-lg font-semibold">Details</h2>
        <ProductForm product={product} />
      </section>
      <section className="card p-6" aria-labelledby="picture-h">
        <h2 id="picture-h" className="mb-4 text-lg font-semibold">Picture</h2>
        <ImageUploader productId={product.id} productName={product.name} imageUrl={product.imageUrl} version={product.updatedAt} />
      </section>
      <section className="card p-6" aria-labelledby="danger-h">
        <h2 id="danger-h" className="mb-4 text-lg font-semibold">Delete</h2>
        <DeleteProduct productId={product.id} productName={product.name} />
      </section>
    </div>
  );
}
