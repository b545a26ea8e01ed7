import { isInt4Id } from "@/lib/security/input-guard";
import type { Metadata } from "next";
import Image from "next/image";
import Link from "next/link";
import { notFound } from "next/navigation";
import { StockBadge } from "@/components/catalogue/stock-badge";
import { AddToCartForm } from "@/components/shop/add-to-cart-form";
import { SeenInVideos } from "@/components/shop/seen-in-videos";
import { getProduct, videosShowingProduct } from "@/lib/catalogue/service";
import { formatPrice } from "@/lib/catalogue/format";
import { toPublicProduct, type PublicProduct } from "@/lib/catalogue/schemas";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

async function load(props: Props): Promise<PublicProduct | undefined> {
  const n = Number((await props.params).id);
  if (!isInt4Id(n)) return undefined;
  const row = await getProduct(n);
  return row && row.active ? toPublicProduct(row) : undefined;
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const p = await load(props);
  return { title: p?.name ?? "Product not found", description: p?.description.slice(0, 160) };
}

export default async function ProductPage(props: Props) {
  const product = await load(props);
  if (!product) notFound();
  const seenIn = await videosShowingProduct(product.id);
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href="/products" className="text-brand-600 underline">← All products</Link>
      </p>
      <article className="grid gap-8 md:grid-cols-2">
        {product.imageUrl ? (
          <Image src={product.imageUrl} alt={product.name} width={800} height={800} unoptimized priority className="card aspect-square w-full object-contain" />
        ) : (
          <div className="card flex aspect-square w-full items-center justify-center text-slate-500">No picture</div>
        )}
        <div className="space-y-4">
          <h1 className="page-title">{product.name}</h1>
          <p className="text-2xl font-semibold">{formatPrice(product.priceCents, product.currency)}</p>
          <StockBadge stock={product.stock} />
          {/* add-to-cart: the shop's cart button goes in this slot. */}
          <div id="add-to-cart-slot">
            <AddToCartForm productId={product.id} stock={product.stock} />
          </div>
          {product.description && <p className="whitespace-pre-line text-slate-700">{product.description}</p>}
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm text-slate-600">
            <dt>SKU</dt>
            <dd className="font-mono">{product.sku}</dd>
            {product.itemName && (
              <>
                <dt>Found in videos as</dt>
                <dd>
                  <Link href={`/products?class=${encodeURIComponent(product.itemName)}`} className="text-brand-600 underline">
                    {product.itemName}
                  </Link>
                </dd>
              </>
            )}
          </dl>
        </div>
      </article>
      <SeenInVideos productId={product.id} productName={product.name} videos={seenIn} />
    </div>
  );
}
