import { and, asc, count, desc, eq, ilike, isNotNull, or, sql, type SQL } from "drizzle-orm";
import { getDb } from "@/db";
import { products, trackProducts, tracks, videos, type NewProduct, type Product } from "@/db/schema";

export type ProductFilter = { q?: string; itemName?: string; activeOnly: boolean };

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, "\\$&")}%`;
}

function where(f: ProductFilter): SQL | undefined {
  const parts: SQL[] = [];
  if (f.activeOnly) parts.push(eq(products.active, true));
  if (f.itemName) parts.push(eq(products.itemName, f.itemName));
  if (f.q) {
    const p = likePattern(f.q);
    parts.push(or(ilike(products.name, p), ilike(products.description, p), ilike(products.sku, p))!);
  }
  return parts.length ? and(...parts) : undefined;
}

export async function listProducts(
  f: ProductFilter & { page: number; pageSize: number },
): Promise<{ rows: Product[]; total: number }> {
  const db = await getDb();
  const w = where(f);
  const [rows, totals] = await Promise.all([
    db
      .select()
      .from(products)
      .where(w)
      .orderBy(asc(products.name), asc(products.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ n: count() }).from(products).where(w),
  ]);
  return { rows, total: totals[0]?.n ?? 0 };
}

/** The detector classes that have products, for filters. */
export async function listProductClasses(activeOnly: boolean): Promise<string[]> {
  const db = await getDb();
  const rows = await db
    .selectDistinct({ itemName: products.itemName })
    .from(products)
    .where(and(isNotNull(products.itemName), activeOnly ? eq(products.active, true) : undefined))
    .orderBy(asc(products.itemName));
  return rows.map((r) => r.itemName).filter((n): n is string => n !== null);
}

export async function getProduct(id: number): Promise<Product | undefined> {
  const db = await getDb();
  const [row] = await db.select().from(products).where(eq(products.id, id)).limit(1);
  return row;
}

export async function getProductBySku(sku: string): Promise<Product | undefined> {
  const db = await getDb();
  const [row] = await db.select().from(products).where(eq(products.sku, sku)).limit(1);
  return row;
}

export async function countProducts(): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(products);
  return row?.n ?? 0;
}

/** Inserts a product; undefined when the SKU is taken (decided by the unique index, not a pre-check). */
export async function insertProduct(values: NewProduct): Promise<Product | undefined> {
  const db = await getDb();
  const rows = await db.insert(products).values(values).onConflictDoNothing({ target: products.sku }).returning();
  return rows[0];
}

/** Updates the given columns; undefined when there is no such product. Throws on a taken SKU (23505). */
export async function updateProductRow(id: number, patch: Partial<NewProduct>): Promise<Product | undefined> {
  const db = await getDb();
  const rows = await db
    .update(products)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(products.id, id))
    .returning();
  return rows[0];
}

/** Deletes a product; undefined when there was none. Throws 23503 when orders still refer to it. */
export async function deleteProductRow(id: number): Promise<Product | undefined> {
  const db = await getDb();
  const rows = await db.delete(products).where(eq(products.id, id)).returning();
  return rows[0];
}

/** Points the product at a new image and returns the key it replaced; undefined when the product is gone. */
export async function swapProductImageKey(id: number, key: string | null): Promise<{ previous: string | null } | undefined> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ key: products.imageKey }).from(products).where(eq(products.id, id)).for("update");
    if (!row) return undefined;
    await tx.update(products).set({ imageKey: key, updatedAt: new Date() }).where(eq(products.id, id));
    return { previous: row.key };
  });
}

const UPSERT_CHUNK = 500;

/**
 * Inserts or updates (by SKU) every item in one transaction. An update writes only the columns the
 * item carries, so an import without a stock column leaves stock alone.
 */
export async function upsertProducts(items: (NewProduct & { sku: string })[]): Promise<{ created: number; updated: number }> {
  const db = await getDb();
  // Rows in one multi-row INSERT must carry the same columns: group them by their set of keys.
  const groups = new Map<string, (NewProduct & { sku: string })[]>();
  for (const item of items) {
    const sig = Object.keys(item).sort().join(",");
    const g = groups.get(sig);
    if (g) g.push(item);
    else groups.set(sig, [item]);
  }
  return db.transaction(async (tx) => {
    let created = 0;
    let updated = 0;
    for (const [sig, rows] of groups) {
      const set: Record<string, SQL> = { updatedAt: sql`now()` };
      for (const key of sig.split(",")) {
        if (key === "sku") continue;
        const col = products[key as keyof NewProduct & keyof typeof products];
        if (!col || typeof col !== "object" || !("name" in col)) throw new Error(`unknown product column ${key}`);
        set[key] = sql`excluded.${sql.identifier(col.name)}`;
      }
      for (let i = 0; i < rows.length; i += UPSERT_CHUNK) {
        const out = await tx
          .insert(products)
          .values(rows.slice(i, i + UPSERT_CHUNK))
          .onConflictDoUpdate({ target: products.sku, set })
          // xmax is 0 only on a freshly inserted row version: tells inserts from updates in one statement.
          .returning({ inserted: sql<boolean>`(xmax = 0)` });
        for (const r of out) {
          if (r.inserted) created++;
          else updated++;
        }
      }
    }
    return { created, updated };
  });
}

/** Ready videos where this product is attached to a track: when it is on screen there (first to last analysed box). */
export async function videosShowingProduct(productId: number, limit = 12) {
  const db = await getDb();
  return db
    .select({
      videoId: videos.id,
      title: videos.title,
      firstMs: sql<number>`min(${tracks.firstMs})`.mapWith(Number),
      lastMs: sql<number>`max(${tracks.lastMs})`.mapWith(Number),
    })
    .from(trackProducts)
    .innerJoin(tracks, eq(tracks.id, trackProducts.trackId))
    .innerJoin(videos, eq(videos.id, tracks.videoId))
    .where(and(eq(trackProducts.productId, productId), eq(videos.status, "ready")))
    .groupBy(videos.id, videos.title)
    .orderBy(desc(videos.createdAt), desc(videos.id))
    .limit(limit);
}
