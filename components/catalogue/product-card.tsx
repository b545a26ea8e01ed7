import Image from "next/image";
import Link from "next/link";
import { formatPrice } from "@/lib/catalogue/format";
import type { PublicProduct } from "@/lib/catalogue/schemas";
import { StockBadge } from "./stock-badge";

export function ProductCard({ product }: { product: PublicProduct }) {
  return (
    <Link href={`/products/${product.id}`} className="card group flex w-full flex-col overflow-hidden hover:border-brand-500">
      {product.imageUrl ? (
        <Image src={product.imageUrl} alt={product.name} width={400} height={400} unoptimized className="aspect-square w-full bg-white object-contain" />
      ) : (
        <div className="flex aspect-square w-full items-center justify-center bg-slate-100 text-sm text-slate-500" aria-hidden="true">
          No picture
        </div>
      )}
      <div className="flex grow flex-col gap-1 p-4">
        <h2 className="font-medium text-slate-900 group-hover:text-brand-600">{product.name}</h2>
        <p className="text-sm font-semibold">{formatPrice(product.priceCents, product.currency)}</p>
        <div className="mt-auto pt-2">
          <StockBadge stock={product.stock} />
        </div>
      </div>
    </Link>
  );
}
