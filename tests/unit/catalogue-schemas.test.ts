import { describe, expect, it } from "vitest";
import type { Product } from "@/db/schema";
import { validateImport, rowsFromCsv, rowsFromJson } from "@/lib/catalogue/import";
import {
  priceToCents,
  productCreateSchema,
  productListQuerySchema,
  productUpdateSchema,
  toAdminProduct,
  toPublicProduct,
} from "@/lib/catalogue/schemas";

// The first message per field, as the forms show it.
const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((r.error?.issues ?? []).reverse().map((i) => [i.path.join("."), i.message]));

describe("priceToCents", () => {
  it.each([
    ["12.50", 1250],
    ["12.5", 1250],
    ["12", 1200],
    ["0", 0],
    [" 7.05 ", 705],
    [19.99, 1999],
    [0.1, 10],
    [1234.56, 123456],
  ])("%j → %i cents", (input, cents) => {
    expect(priceToCents(input)).toEqual({ cents });
  });

  it.each([["-1"], [-1], ["12.345"], [12.345], ["1,50"], ["abc"], [""], [Number.NaN], ["1e3"], ["1000000000"]])("rejects %j", (input) => {
    expect(priceToCents(input)).toHaveProperty("error");
  });
});

describe("productCreateSchema", () => {
  it("normalises SKU, currency and class, and turns price into priceCents", () => {
    const r = productCreateSchema.parse({ sku: " mug-01 ", name: " Mug ", price: "9.90", currency: "eur", itemName: "Cup" });
    expect(r).toEqual({ sku: "MUG-01", name: "Mug", priceCents: 990, currency: "EUR", itemName: "cup" });
    expect(r).not.toHaveProperty("price");
  });

  it("accepts priceCents instead of price, and both when they agree", () => {
    expect(productCreateSchema.parse({ sku: "A", name: "A", priceCents: 5 }).priceCents).toBe(5);
    expect(productCreateSchema.parse({ sku: "A", name: "A", priceCents: 500, price: 5 }).priceCents).toBe(500);
    expect(productCreateSchema.safeParse({ sku: "A", name: "A", priceCents: 501, price: 5 }).success).toBe(false);
  });

  it("explains each wrong field in words", () => {
    const r = productCreateSchema.safeParse({
      sku: "has space",
      name: "",
      price: "ten",
      currency: "EURO",
      stock: -1,
      itemName: "space;ship",
      active: "yes",
    });
    expect(r.success).toBe(false);
    const byField = issues(r);
    expect(byField.sku).toMatch(/letters/);
    expect(byField.name).toBe("Enter a name");
    expect(byField.price).toMatch(/price such as/);
    expect(byField.currency).toMatch(/3-letter/);
    expect(byField.stock).toMatch(/negative/);
    expect(byField.itemName).toMatch(/letters and digits/);
    expect(byField.active).toMatch(/true or false/);
  });

  it("rejects wrong types, unknown keys, fractional stock and unknown currencies", () => {
    expect(productCreateSchema.safeParse({ sku: 5, name: "A", price: 1 }).success).toBe(false);
    expect(productCreateSchema.safeParse({ sku: "A", name: "A", price: 1, imageKey: "x" }).success).toBe(false);
    expect(productCreateSchema.safeParse({ sku: "A", name: "A", price: 1, stock: 1.5 }).success).toBe(false);
    expect(productCreateSchema.safeParse({ sku: "A", name: "A", price: 1, currency: "ZZZ" }).success).toBe(false);
    expect(productCreateSchema.safeParse({ sku: "A".repeat(65), name: "A", price: 1 }).success).toBe(false);
  });

  it("needs a price", () => {
    expect(issues(productCreateSchema.safeParse({ sku: "A", name: "A" })).price).toBe("Enter a price");
  });

  it("treats empty optional text as none", () => {
    const r = productCreateSchema.parse({ sku: "A", name: "A", price: 1, itemName: "", articleFragment: " " });
    expect(r.itemName).toBeNull();
    expect(r.articleFragment).toBeNull();
  });
});

describe("productUpdateSchema", () => {
  it("keeps only the keys that were sent", () => {
    expect(productUpdateSchema.parse({ stock: 3 })).toEqual({ stock: 3 });
    expect(productUpdateSchema.parse({ price: "1.00", itemName: null })).toEqual({ priceCents: 100, itemName: null });
  });
  it("refuses an empty update", () => {
    expect(productUpdateSchema.safeParse({}).success).toBe(false);
  });
});

describe("productListQuerySchema", () => {
  it("defaults page to 1 and ignores empty parameters", () => {
    expect(productListQuerySchema.parse({ q: "", class: "", page: "" })).toEqual({ page: 1 });
    expect(productListQuerySchema.parse({ q: " mug ", class: "Cup", page: "2" })).toEqual({ q: "mug", class: "cup", page: 2 });
  });
});

describe("output shapes", () => {
  const row: Product = {
    id: 7,
    sku: "MUG",
    name: "Mug",
    description: "",
    priceCents: 990,
    currency: "EUR",
    imageKey: "products/7/abc.webp",
    stock: 0,
    itemName: "cup",
    articleFragment: null,
    additionalIdentifier: null,
    active: true,
    createdAt: new Date("2024-01-01T00:00:00Z"),
    updatedAt: new Date("2024-01-02T00:00:00Z"),
  };
  it("never contains the storage key", () => {
    const pub = toPublicProduct(row);
    expect(pub).not.toHaveProperty("imageKey");
    expect(pub).not.toHaveProperty("active");
    expect(pub.imageUrl).toBe("/api/products/7/image");
    expect(pub.inStock).toBe(false);
    const admin = toAdminProduct(row);
    expect(admin).not.toHaveProperty("imageKey");
    expect(admin.createdAt).toBe("2024-01-01T00:00:00.000Z");
    expect(toPublicProduct({ ...row, imageKey: null }).imageUrl).toBeNull();
  });
});

describe("import validation (no database)", () => {
  it("maps spreadsheet headers and cells to typed fields", () => {
    const rows = rowsFromCsv("SKU;Name;Price;Item name;Stock;Active\nmug-1;Mug;9,90;cup;3;yes\n".replace("9,90", "9.90"));
    const { valid, report } = validateImport(rows);
    expect(report.rejected).toEqual([]);
    expect(valid).toEqual([{ sku: "MUG-1", name: "Mug", priceCents: 990, itemName: "cup", stock: 3, active: true }]);
  });

  it("rejects every bad row and duplicate SKUs in the file, with row numbers", () => {
    const rows = rowsFromCsv("sku,name,price,stock\nA,Alpha,1.00,1\nB,,2.00,x\nA,Again,3.00,1\nC,Gamma,1\n");
    const { valid, report } = validateImport(rows);
    expect(valid).toHaveLength(1);
    expect(report.rejected.map((r) => [r.row, r.sku])).toEqual([
      [2, "B"],
      [3, "A"],
      [4, "C"],
    ]);
    expect(report.rejected[0]!.errors.map((e) => e.path).sort()).toEqual(["name", "stock"]);
    expect(report.rejected[1]!.errors[0]!.message).toMatch(/Duplicate SKU A: also in row 1/);
    expect(report.rejected[2]!.errors[0]!.message).toMatch(/3 fields|has 3 fields/);
  });

  it("refuses unknown columns and files without the required columns", () => {
    expect(() => rowsFromCsv("sku,name,price,colour\n")).toThrow(/Unknown column: "colour"/);
    expect(() => rowsFromCsv("sku,price\n")).toThrow(/"name" column/);
    expect(() => rowsFromCsv("")).toThrow(/empty/);
  });

  it("reads JSON arrays and { products } and ignores read-only keys from an export", () => {
    const rows = rowsFromJson(JSON.stringify({ products: [{ id: 3, sku: "a", name: "A", priceCents: 100, imageUrl: null }] }));
    expect(validateImport(rows).valid).toEqual([{ sku: "A", name: "A", priceCents: 100 }]);
    expect(() => rowsFromJson("{")).toThrow(/not valid JSON/);
    expect(() => rowsFromJson('{"x":1}')).toThrow(/JSON array/);
    expect(validateImport(rowsFromJson("[1]")).report.rejected[0]!.errors[0]!.message).toMatch(/object/);
  });
});
