import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countProducts, getProductBySku } from "@/db/queries/products";
import { createUser, insertApiToken } from "@/db/queries/users";
import { newApiToken } from "@/lib/auth/tokens";
import { createTestDb } from "@/tests/helpers/db";
import { POST } from "@/app/api/admin/products/import/route";

let drop: () => Promise<void>;
let admin = "";
let shopper = "";

async function tokenFor(email: string, role: "admin" | "shopper") {
  const u = await createUser({ email, name: email, passwordHash: "x", adminEmail: role === "admin" ? email : undefined });
  const t = newApiToken();
  await insertApiToken(u!.id, "test", t.hash, t.prefix);
  return t.token;
}

type Report = {
  accepted: number;
  rejected: { row: number; sku?: string; errors: { path: string; message: string }[] }[];
  created: number;
  updated: number;
  error?: { code: string; message: string };
};

function importFile(body: string, type: string, token = admin) {
  return POST(
    new Request("http://localhost/api/admin/products/import", {
      method: "POST",
      headers: { "content-type": type, authorization: `Bearer ${token}` },
      body,
    }),
  );
}

beforeAll(async () => {
  ({ drop } = await createTestDb());
  admin = await tokenFor("admin@example.com", "admin");
  shopper = await tokenFor("shopper@example.com", "shopper");
});
afterAll(async () => drop());

const GOOD_CSV = [
  "sku,name,description,price,currency,stock,itemName,articleFragment,additionalIdentifier,active",
  'JKT-1,Rain jacket,"Light, packable ""shell""",89.00,EUR,5,person,jacket,blue,true',
  "MUG-1,Enamel mug,,12.5,eur,20,cup,,,yes",
  "BIKE-1,City bike,Steel frame\u00a0,499,USD,0,bicycle,,,no",
].join("\r\n");

describe("POST /api/admin/products/import", () => {
  it("imports nothing and reports every bad row when any row is bad", async () => {
    const csv = [
      "sku,name,price,stock,itemName",
      "OK-1,Fine,1.00,1,cup",
      "BAD-1,,abc,-2,cup",
      "BAD-2,Spaceship,3.00,1,space;ship",
      "OK-1,Twice,2.00,1,cup",
      "has space,Oops,1.00,1,",
    ].join("\n");
    const res = await importFile(csv, "text/csv");
    expect(res.status).toBe(422);
    const report = (await res.json()) as Report;
    expect(report.error?.message).toMatch(/4 rows were rejected/);
    expect(report.accepted).toBe(1);
    expect(report.created).toBe(0);
    expect(report.updated).toBe(0);
    expect(report.rejected.map((r) => r.row)).toEqual([2, 3, 4, 5]);
    expect(report.rejected[0]).toMatchObject({ sku: "BAD-1" });
    expect(report.rejected[0]!.errors.map((e) => e.path).sort()).toEqual(["name", "price", "stock"]);
    expect(report.rejected[2]!.errors[0]!.message).toMatch(/Duplicate SKU OK-1/);
    expect(await countProducts()).toBe(0);
  });

  it("imports a good CSV in one go and reports created rows", async () => {
    const res = await importFile(GOOD_CSV, "text/csv; charset=utf-8");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 3, rejected: [], created: 3, updated: 0 });
    const jacket = await getProductBySku("JKT-1");
    expect(jacket).toMatchObject({
      name: "Rain jacket",
      description: 'Light, packable "shell"',
      priceCents: 8900,
      currency: "EUR",
      stock: 5,
      itemName: "person",
      articleFragment: "jacket",
      additionalIdentifier: "blue",
      active: true,
    });
    expect(await getProductBySku("MUG-1")).toMatchObject({ priceCents: 1250, currency: "EUR", description: "" });
    expect(await getProductBySku("BIKE-1")).toMatchObject({ active: false, stock: 0, currency: "USD" });
  });

  it("upserts by SKU from JSON, touching only the columns given", async () => {
    const rows = [
      { sku: "mug-1", name: "Enamel mug", price: 14 },
      { sku: "DOG-1", name: "Dog bed", priceCents: 4500, itemName: "dog", stock: 2 },
    ];
    const res = await importFile(JSON.stringify(rows), "application/json");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 2, rejected: [], created: 1, updated: 1 });
    // stock and class were not in the MUG-1 row, so they keep their values.
    expect(await getProductBySku("MUG-1")).toMatchObject({ priceCents: 1400, stock: 20, itemName: "cup" });
    expect(await getProductBySku("DOG-1")).toMatchObject({ priceCents: 4500, itemName: "dog", stock: 2 });
    expect(await countProducts()).toBe(4);
  });

  it("accepts { products: [...] } and rejects a JSON row with wrong types, writing nothing", async () => {
    const res = await importFile(JSON.stringify({ products: [{ sku: "NEW-9", name: "New", price: 1 }, { sku: "X", name: 5, price: true }] }), "application/json");
    expect(res.status).toBe(422);
    const report = (await res.json()) as Report;
    expect(report.rejected).toHaveLength(1);
    expect(report.rejected[0]).toMatchObject({ row: 2, sku: "X" });
    expect(await getProductBySku("NEW-9")).toBeUndefined();
  });

  it("rejects unreadable files as a whole", async () => {
    expect((await importFile('sku,name,price\n"A,B,1', "text/csv")).status).toBe(422);
    expect((await importFile("sku,name,price,colour\nA,B,1,red", "text/csv")).status).toBe(422);
    expect((await importFile("sku,name,price\n", "text/csv")).status).toBe(422);
    expect((await importFile("{oops", "application/json")).status).toBe(400);
    expect((await importFile("a", "application/pdf")).status).toBe(415);
    expect((await importFile("x".repeat(2 * 1024 * 1024 + 1), "text/csv")).status).toBe(413);
    expect(await countProducts()).toBe(4);
  });

  it("is for admins only", async () => {
    expect((await importFile(GOOD_CSV, "text/csv", shopper)).status).toBe(403);
    const anon = await POST(new Request("http://localhost/api/admin/products/import", { method: "POST", body: GOOD_CSV, headers: { "content-type": "text/csv" } }));
    expect(anon.status).toBe(401);
  });
});
