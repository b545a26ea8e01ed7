import { getProductBySku, insertProduct, swapProductImageKey } from "@/db/queries/products";
import { createUser, getUserByEmail, setUserRole } from "@/db/queries/users";
import type { Product } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { safeKey, storage } from "@/lib/storage";
import { DEMO_PRODUCTS, type DemoProduct } from "./demo-products";
import { renderDemoImage } from "./images";

export const DEMO_ADMIN_EMAIL = "admin@framecart.local";
export const DEMO_ADMIN_PASSWORD = "framecart-admin";

export type SeedResult = {
  admin: { email: string; created: boolean; promoted: boolean; password?: string };
  products: { created: number; existing: number; imagesWritten: number };
};

/** The admin account: created once; an existing account keeps its password (and is made admin). */
async function ensureAdmin(password: string): Promise<SeedResult["admin"]> {
  const existing = await getUserByEmail(DEMO_ADMIN_EMAIL);
  if (existing) {
    if (existing.role !== "admin") await setUserRole(existing.id, "admin");
    return { email: DEMO_ADMIN_EMAIL, created: false, promoted: existing.role !== "admin" };
  }
  const passwordHash = await hashPassword(password);
  // adminEmail = this e-mail makes createUser insert the row with the admin role in the same statement.
  const user = await createUser({ email: DEMO_ADMIN_EMAIL, name: "Framecart admin", passwordHash, adminEmail: DEMO_ADMIN_EMAIL });
  return { email: DEMO_ADMIN_EMAIL, created: user !== undefined, promoted: false, ...(user ? { password } : {}) };
}

/** Gives a demo product its drawn picture unless it has an image that still exists in storage. */
async function ensureImage(product: Product, demo: DemoProduct): Promise<boolean> {
  if (product.imageKey && (await storage().stat(product.imageKey))) return false;
  // A fixed key per product: re-running after lost files rewrites the same object.
  const key = safeKey("products", String(product.id), "seed.webp");
  const data = await renderDemoImage(demo.name, demo.icon, demo.color);
  await storage().put(key, data, { contentType: "image/webp", size: data.length });
  if (product.imageKey !== key) await swapProductImageKey(product.id, key);
  return true;
}

/**
 * Demo data: an admin account and a small catalogue with pictures. Idempotent — existing rows (found
 * by e-mail and SKU) are left as they are, so a second run changes nothing and keeps admins' edits.
 */
export async function seedDemo(opts: { password?: string; log?: (line: string) => void } = {}): Promise<SeedResult> {
  const log = opts.log ?? (() => {});
  const admin = await ensureAdmin(opts.password ?? DEMO_ADMIN_PASSWORD);
  log(admin.created ? `admin ${admin.email} created` : `admin ${admin.email} already exists (password unchanged)`);
  const products = { created: 0, existing: 0, imagesWritten: 0 };
  for (const demo of DEMO_PRODUCTS) {
    const { icon: _icon, color: _color, ...values } = demo;
    let row = await getProductBySku(demo.sku);
    if (row) products.existing++;
    else {
      row = (await insertProduct(values)) ?? (await getProductBySku(demo.sku));
      if (!row) throw new Error(`could not create demo product ${demo.sku}`);
      products.created++;
    }
    if (await ensureImage(row, demo)) products.imagesWritten++;
  }
  log(`products: ${products.created} created, ${products.existing} already there, ${products.imagesWritten} pictures written`);
  return { admin, products };
}
