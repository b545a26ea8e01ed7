import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertProduct } from "@/db/queries/products";
import { createTestDb } from "@/tests/helpers/db";
import { GET as list } from "@/app/api/products/route";
import { GET as one } from "@/app/api/products/[id]/route";

let drop: () => Promise<void>;
const ids: Record<string, number> = {};

type Page = { products: { id: number; sku: string; name: string }[]; total: number; page: number; pageSize: number; pageCount: number };

async function get(query: string): Promise<{ status: number; body: Page }> {
  const res = await list(new Request(`http://localhost/api/products${query}`));
  return { status: res.status, body: (await res.json()) as Page };
}

beforeAll(async () => {
  ({ drop } = await createTestDb());
  const rows = [
    { sku: "MUG-RED", name: "Red mug", description: "Enamel, 100% steel", priceCents: 900, itemName: "cup" },
    { sku: "MUG-BLU", name: "Blue mug", description: "Stoneware", priceCents: 1100, itemName: "cup" },
    { sku: "DOG-BED", name: "Dog bed", description: "Washable cover for mugs of dogs", priceCents: 4500, itemName: "dog" },
    { sku: "TEE-1", name: "T-shirt", description: "Cotton", priceCents: 1500, itemName: "person" },
    { sku: "OLD-MUG", name: "Old mug", description: "Retired", priceCents: 100, itemName: "cup", active: false },
  ];
  for (const r of rows) ids[r.sku] = (await insertProduct(r))!.id;
  for (let i = 0; i < 30; i++) await insertProduct({ sku: `BULK-${String(i).padStart(2, "0")}`, name: `Bulk item ${i}`, priceCents: 100 });
});
afterAll(async () => drop());

describe("GET /api/products", () => {
  it("searches name, description and SKU case-insensitively, only active products", async () => {
    const { status, body } = await get("?q=MUG");
    expect(status).toBe(200);
    expect(body.products.map((p) => p.sku).sort()).toEqual(["DOG-BED", "MUG-BLU", "MUG-RED"]);
    expect((await get("?q=stoneware")).body.products.map((p) => p.sku)).toEqual(["MUG-BLU"]);
    expect((await get("?q=tee-")).body.products.map((p) => p.sku)).toEqual(["TEE-1"]);
  });

  it("treats % and _ in the search as plain text", async () => {
    expect((await get("?q=100%25")).body.products.map((p) => p.sku)).toEqual(["MUG-RED"]);
    expect((await get("?q=_")).body.total).toBe(0);
  });

  it("filters by class, alone and with a search", async () => {
    expect((await get("?class=cup")).body.products.map((p) => p.sku).sort()).toEqual(["MUG-BLU", "MUG-RED"]);
    expect((await get("?class=dog&q=mug")).body.products.map((p) => p.sku)).toEqual(["DOG-BED"]);
    expect((await get("?class=bicycle")).body.products).toEqual([]);
    expect((await get("?class=sneaker")).body.products).toEqual([]); // any class may be asked for
    expect((await get("?class=space%3Bship")).status).toBe(422);
  });

  it("paginates", async () => {
    const first = await get("");
    expect(first.body).toMatchObject({ total: 34, page: 1, pageSize: 24, pageCount: 2 });
    expect(first.body.products).toHaveLength(24);
    const second = await get("?page=2");
    expect(second.body.products).toHaveLength(10);
    const seen = new Set([...first.body.products, ...second.body.products].map((p) => p.id));
    expect(seen.size).toBe(34);
    expect((await get("?page=0")).status).toBe(422);
  });

  it("never exposes internal columns", async () => {
    const { body } = await get("?q=red");
    expect(body.products[0]).not.toHaveProperty("imageKey");
    expect(body.products[0]).not.toHaveProperty("active");
  });
});

describe("GET /api/products/:id", () => {
  const byId = (id: number | string) => one(new Request(`http://localhost/api/products/${id}`), { params: Promise.resolve({ id: String(id) }) });

  it("returns an active product", async () => {
    const res = await byId(ids["TEE-1"]!);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { product: unknown }).product).toMatchObject({ sku: "TEE-1", priceCents: 1500, imageUrl: null, inStock: false });
  });

  it("404s for inactive, missing and malformed ids", async () => {
    expect((await byId(ids["OLD-MUG"]!)).status).toBe(404);
    expect((await byId(987654)).status).toBe(404);
    expect((await byId("x")).status).toBe(404);
  });
});
