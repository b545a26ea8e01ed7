import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countProducts, getProductBySku, listProducts } from "@/db/queries/products";
import { countUsers, getUserByEmail } from "@/db/queries/users";
import { verifyPassword } from "@/lib/auth/password";
import { localStorage, setStorage, storage } from "@/lib/storage";
import { DEMO_ADMIN_EMAIL, seedDemo } from "@/lib/seed";
import { DEMO_PRODUCTS } from "@/lib/seed/demo-products";
import { createTestDb } from "@/tests/helpers/db";

let drop: () => Promise<void>;
let dir: string;

beforeAll(async () => {
  ({ drop } = await createTestDb());
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "fc-seed-"));
  setStorage(localStorage(dir));
});
afterAll(async () => {
  setStorage(undefined);
  await drop();
  await fs.rm(dir, { recursive: true, force: true });
});

async function snapshot() {
  const { rows } = await listProducts({ activeOnly: false, page: 1, pageSize: 100 });
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() }));
}

describe("seedDemo", () => {
  it("creates the admin and a demo catalogue covering the demo classes, with pictures", async () => {
    const r = await seedDemo({ password: "demo-password-1" });
    expect(r.admin).toMatchObject({ email: DEMO_ADMIN_EMAIL, created: true, password: "demo-password-1" });
    expect(r.products).toEqual({ created: DEMO_PRODUCTS.length, existing: 0, imagesWritten: DEMO_PRODUCTS.length });

    const admin = await getUserByEmail(DEMO_ADMIN_EMAIL);
    expect(admin?.role).toBe("admin");
    expect(await verifyPassword(admin!.passwordHash, "demo-password-1")).toBe(true);

    const classes = new Set((await snapshot()).map((p) => p.itemName));
    for (const c of ["person", "cup", "dog", "cat", "bicycle", "truck"]) expect(classes).toContain(c);
    const mug = await getProductBySku("MUG-ENM-01");
    expect(mug?.imageKey).toBe(`products/${mug!.id}/seed.webp`);
    expect((await storage().stat(mug!.imageKey!))?.size).toBeGreaterThan(1000);
  });

  it("changes nothing when run again", async () => {
    const before = await snapshot();
    const users = await countUsers();
    const hash = (await getUserByEmail(DEMO_ADMIN_EMAIL))!.passwordHash;
    const r = await seedDemo({ password: "another-password" });
    expect(r.admin.created).toBe(false);
    expect(r.admin).not.toHaveProperty("password");
    expect(r.products).toEqual({ created: 0, existing: DEMO_PRODUCTS.length, imagesWritten: 0 });
    expect(await countUsers()).toBe(users);
    expect(await countProducts()).toBe(DEMO_PRODUCTS.length);
    expect(await snapshot()).toEqual(before);
    expect((await getUserByEmail(DEMO_ADMIN_EMAIL))!.passwordHash).toBe(hash);
  });

  it("redraws a picture whose file went missing, under the same key", async () => {
    const mug = (await getProductBySku("MUG-ENM-01"))!;
    await storage().delete(mug.imageKey!);
    const r = await seedDemo();
    expect(r.products.imagesWritten).toBe(1);
    expect((await getProductBySku("MUG-ENM-01"))!.imageKey).toBe(mug.imageKey);
    expect(await storage().stat(mug.imageKey!)).not.toBeNull();
  });
});
