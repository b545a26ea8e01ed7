import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import { cartEvents, cartItems, carts, clicks, products, videos, type Product } from "@/db/schema";

export type CartRow = typeof carts.$inferSelect;
export type CartLineRow = {
  productId: number;
  quantity: number;
  videoId: number | null;
  clickId: number | null;
  product: Product;
};

export async function getCartRow(id: string): Promise<CartRow | undefined> {
  const db = await getDb();
  const [row] = await db.select().from(carts).where(eq(carts.id, id)).limit(1);
  return row;
}

export async function getUserCartRow(userId: number): Promise<CartRow | undefined> {
  const db = await getDb();
  const [row] = await db.select().from(carts).where(eq(carts.userId, userId)).limit(1);
  return row;
}

/** Creates a cart; for a user, the unique user_id decides a race and the existing cart is returned. */
export async function insertCart(id: string, userId: number | null): Promise<CartRow> {
  const db = await getDb();
  const [row] = await db.insert(carts).values({ id, userId }).onConflictDoNothing().returning();
  if (row) return row;
  const existing = userId !== null ? await getUserCartRow(userId) : await getCartRow(id);
  if (!existing) throw new Error("cart insert conflicted but no cart found");
  return existing;
}

export async function cartLines(cartId: string, exec?: Db): Promise<CartLineRow[]> {
  const db = exec ?? (await getDb());
  const rows = await db
    .select({ item: cartItems, product: products })
    .from(cartItems)
    .innerJoin(products, eq(products.id, cartItems.productId))
    .where(eq(cartItems.cartId, cartId))
    .orderBy(asc(cartItems.createdAt), asc(cartItems.productId));
  return rows.map((r) => ({ productId: r.item.productId, quantity: r.item.quantity, videoId: r.item.videoId, clickId: r.item.clickId, product: r.product }));
}

/**
 * Adds `quantity` of a product to a cart, never beyond the stock read in the same transaction
 * (row-locked), and records the add in cart_events. Returns the quantity now in the cart and how many
 * were actually added (0 when nothing fits).
 */
export async function addToCartRow(input: {
  cartId: string;
  userId: number | null;
  product: Product;
  quantity: number;
  videoId: number | null;
  clickId: number | null;
}): Promise<{ inCart: number; added: number; stock: number }> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [p] = await tx.select({ stock: products.stock }).from(products).where(eq(products.id, input.product.id)).for("update");
    const stock = p?.stock ?? 0;
    const [existing] = await tx
      .select({ quantity: cartItems.quantity })
      .from(cartItems)
      .where(and(eq(cartItems.cartId, input.cartId), eq(cartItems.productId, input.product.id)));
    const had = existing?.quantity ?? 0;
    const inCart = Math.max(had, Math.min(had + input.quantity, stock));
    const added = inCart - had;
    if (added <= 0) return { inCart: had, added: 0, stock };
    await tx
      .insert(cartItems)
      .values({ cartId: input.cartId, productId: input.product.id, quantity: inCart, videoId: input.videoId, clickId: input.clickId })
      .onConflictDoUpdate({
        target: [cartItems.cartId, cartItems.productId],
        // The latest video/click that led to an add wins; an add without one keeps the earlier.
        set: {
          quantity: inCart,
          videoId: sql`coalesce(excluded.video_id, ${cartItems.videoId})`,
          clickId: sql`coalesce(excluded.click_id, ${cartItems.clickId})`,
        },
      });
    await tx.insert(cartEvents).values({
      cartId: input.cartId,
      userId: input.userId,
      productId: input.product.id,
      quantity: added,
      videoId: input.videoId,
      clickId: input.clickId,
    });
    await tx.update(carts).set({ updatedAt: new Date() }).where(eq(carts.id, input.cartId));
    return { inCart, added, stock };
  });
}

/** Sets a line's quantity (0 removes it); false when the line does not exist. */
export async function setCartItemQuantity(cartId: string, productId: number, quantity: number): Promise<boolean> {
  const db = await getDb();
  const where = and(eq(cartItems.cartId, cartId), eq(cartItems.productId, productId));
  const rows =
    quantity <= 0
      ? await db.delete(cartItems).where(where).returning({ p: cartItems.productId })
      : await db.update(cartItems).set({ quantity }).where(where).returning({ p: cartItems.productId });
  return rows.length > 0;
}

export async function removeCartProducts(cartId: string, productIds: number[]): Promise<void> {
  if (productIds.length === 0) return;
  const db = await getDb();
  await db.delete(cartItems).where(and(eq(cartItems.cartId, cartId), inArray(cartItems.productId, productIds)));
}

/**
 * Moves an anonymous cart into a user's cart in one transaction: quantities add up, capped by stock;
 * the anonymous cart is deleted. A cart that already belongs to someone is never merged.
 */
export async function mergeCartRows(fromCartId: string, intoCartId: string): Promise<number> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [from] = await tx.select().from(carts).where(and(eq(carts.id, fromCartId), isNull(carts.userId))).for("update");
    if (!from || fromCartId === intoCartId) return 0;
    const lines = await cartLines(fromCartId, tx as unknown as Db);
    let moved = 0;
    for (const l of lines) {
      const [existing] = await tx
        .select({ quantity: cartItems.quantity })
        .from(cartItems)
        .where(and(eq(cartItems.cartId, intoCartId), eq(cartItems.productId, l.productId)));
      const had = existing?.quantity ?? 0;
      const qty = Math.max(had, Math.min(had + l.quantity, l.product.stock));
      if (qty <= 0) continue;
      await tx
        .insert(cartItems)
        .values({ cartId: intoCartId, productId: l.productId, quantity: qty, videoId: l.videoId, clickId: l.clickId })
        .onConflictDoUpdate({
          target: [cartItems.cartId, cartItems.productId],
          set: {
            quantity: qty,
            videoId: sql`coalesce(excluded.video_id, ${cartItems.videoId})`,
            clickId: sql`coalesce(excluded.click_id, ${cartItems.clickId})`,
          },
        });
      moved++;
    }
    await tx.delete(carts).where(eq(carts.id, fromCartId));
    await tx.update(carts).set({ updatedAt: new Date() }).where(eq(carts.id, intoCartId));
    return moved;
  });
}

export async function videoIdForYoutubeId(youtubeId: string): Promise<number | undefined> {
  const db = await getDb();
  const [row] = await db.select({ id: videos.id }).from(videos).where(eq(videos.youtubeId, youtubeId)).limit(1);
  return row?.id;
}

export async function videoExists(id: number): Promise<boolean> {
  const db = await getDb();
  const [row] = await db.select({ id: videos.id }).from(videos).where(eq(videos.id, id)).limit(1);
  return row !== undefined;
}

/** The click's video, when the click exists (anonymous clicks are pruned after a while). */
export async function clickVideo(id: number): Promise<{ videoId: number | null; userId: number | null } | undefined> {
  const db = await getDb();
  const [row] = await db.select({ videoId: clicks.videoId, userId: clicks.userId }).from(clicks).where(eq(clicks.id, id)).limit(1);
  return row;
}
