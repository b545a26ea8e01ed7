import { asc, eq, isNotNull, and } from "drizzle-orm";
import { getDb } from "@/db";
import { products, tracks } from "@/db/schema";

// Class labels already in use: product item names (catalogue categories) and track labels.

export async function listCatalogueLabels(): Promise<string[]> {
  const db = await getDb();
  const rows = await db.selectDistinct({ l: products.itemName }).from(products).where(and(isNotNull(products.itemName), eq(products.active, true))).orderBy(asc(products.itemName));
  return rows.map((r) => r.l as string);
}

export async function listTrackLabels(): Promise<string[]> {
  const db = await getDb();
  const rows = await db.selectDistinct({ l: tracks.label }).from(tracks).orderBy(asc(tracks.label));
  return rows.map((r) => r.l);
}
