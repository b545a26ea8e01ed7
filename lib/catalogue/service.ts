import { isUnsafeString } from "@/lib/security/input-guard";
import { randomBytes } from "node:crypto";
import {
  deleteProductRow,
  getProduct,
  insertProduct,
  listProducts,
  swapProductImageKey,
  updateProductRow,
  upsertProducts,
} from "@/db/queries/products";
import type { Product } from "@/db/schema";
import { ConflictError, InvalidInputError, NotFoundError } from "@/lib/errors";
import { safeKey, storage } from "@/lib/storage";
import { toProductWebp } from "./image";
import { rowsFromCsv, rowsFromJson, validateImport, type ImportFormat, type ImportReport } from "./import";
import type { ProductCreate, ProductListQuery, ProductPatch } from "./schemas";

export const PAGE_SIZE = 24;

/** The Postgres SQLSTATE behind a driver or drizzle error (drizzle wraps it in `cause`). */
export function pgCode(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

const skuTaken = (sku: string) => new ConflictError(`A product with SKU ${sku} already exists`);

export async function searchProducts(query: ProductListQuery, opts: { activeOnly: boolean; pageSize?: number }) {
  const pageSize = opts.pageSize ?? PAGE_SIZE;
  const { rows, total } = await listProducts({
    q: query.q,
    itemName: query.class,
    activeOnly: opts.activeOnly,
    page: query.page,
    pageSize,
  });
  return { rows, total, page: query.page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}

export async function getProductOrThrow(id: number, opts: { activeOnly: boolean }): Promise<Product> {
  const p = await getProduct(id);
  if (!p || (opts.activeOnly && !p.active)) throw new NotFoundError("Product");
  return p;
}

export async function createProduct(input: ProductCreate): Promise<Product> {
  const row = await insertProduct(input);
  if (!row) throw skuTaken(input.sku);
  return row;
}

export async function updateProduct(id: number, patch: ProductPatch): Promise<Product> {
  let row: Product | undefined;
  try {
    row = await updateProductRow(id, patch);
  } catch (e) {
    if (pgCode(e) === "23505") throw skuTaken(patch.sku ?? "");
    throw e;
  }
  if (!row) throw new NotFoundError("Product");
  return row;
}

export async function deleteProduct(id: number): Promise<void> {
  let row: Product | undefined;
  try {
    row = await deleteProductRow(id);
  } catch (e) {
    if (pgCode(e) === "23503") throw new ConflictError("This product is part of orders, so it cannot be deleted; make it inactive instead");
    throw e;
  }
  if (!row) throw new NotFoundError("Product");
  if (row.imageKey) await removeObject(row.imageKey);
}

async function removeObject(key: string) {
  // The row is already gone or points elsewhere; a leftover file is harmless, so only log.
  await storage()
    .delete(key)
    .catch((e: unknown) => console.warn("[catalogue] could not delete image", key, e));
}

/** Re-encodes the upload, stores it under a fresh key, points the product at it and drops the old file. */
export async function setProductImage(id: number, upload: Buffer): Promise<Product> {
  if (!(await getProduct(id))) throw new NotFoundError("Product");
  const { data } = await toProductWebp(upload);
  const key = safeKey("products", String(id), `${randomBytes(8).toString("hex")}.webp`);
  await storage().put(key, data, { contentType: "image/webp", size: data.length });
  const swapped = await swapProductImageKey(id, key);
  if (!swapped) {
    await removeObject(key);
    throw new NotFoundError("Product");
  }
  if (swapped.previous && swapped.previous !== key) await removeObject(swapped.previous);
  return (await getProduct(id)) ?? Promise.reject(new NotFoundError("Product"));
}

export async function removeProductImage(id: number): Promise<Product> {
  const swapped = await swapProductImageKey(id, null);
  if (!swapped) throw new NotFoundError("Product");
  if (swapped.previous) await removeObject(swapped.previous);
  return (await getProduct(id)) ?? Promise.reject(new NotFoundError("Product"));
}

/**
 * All or nothing: every row is validated first; with any rejected row nothing is written. Otherwise
 * every row is inserted or updated by SKU in one transaction.
 */
export async function importProducts(text: string, format: ImportFormat): Promise<{ ok: boolean; report: ImportReport }> {
  // Postgres text cannot hold NUL, and a lone surrogate would not survive the round trip.
  if (isUnsafeString(text)) throw new InvalidInputError("The file contains NUL characters or invalid UTF-16");
  const rows = format === "csv" ? rowsFromCsv(text) : rowsFromJson(text);
  if (rows.length === 0) throw new InvalidInputError("The file has no product rows");
  const { valid, report } = validateImport(rows);
  if (report.rejected.length > 0) return { ok: false, report };
  const { created, updated } = await upsertProducts(valid);
  return { ok: true, report: { ...report, created, updated } };
}

// Product reads for pages and route handlers (they never import db/).
export { getProduct, listProductClasses, videosShowingProduct } from "@/db/queries/products";
