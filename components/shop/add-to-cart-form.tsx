import { MAX_LINE_QUANTITY } from "@/lib/shop/cart";

/** A plain GET form to /cart/add: works without JavaScript and from the keyboard. */
export function AddToCartForm({ productId, stock, video, click }: { productId: number; stock: number; video?: string; click?: number }) {
  if (stock <= 0) {
    return <p className="text-sm text-slate-600">Sold out — check back later.</p>;
  }
  return (
    <form method="get" action="/cart/add" className="flex flex-wrap items-end gap-3">
      <input type="hidden" name="product" value={productId} />
      {video && <input type="hidden" name="video" value={video} />}
      {click && <input type="hidden" name="click" value={click} />}
      <div>
        <label className="label" htmlFor={`qty-${productId}`}>Quantity</label>
        <input className="input w-24" id={`qty-${productId}`} name="qty" type="number" min={1} max={Math.min(stock, MAX_LINE_QUANTITY)} defaultValue={1} required />
      </div>
      <button type="submit" className="btn-primary">Add to cart</button>
    </form>
  );
}
