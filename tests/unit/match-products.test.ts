import { describe, expect, it } from "vitest";
import { pickProducts, type CatalogueProduct } from "@/lib/match/products";

type P = CatalogueProduct & { name: string };
const p = (id: number, itemName: string | null, extra: Partial<P> = {}): P => ({
  id,
  name: `p${id}`,
  itemName,
  articleFragment: null,
  additionalIdentifier: null,
  active: true,
  stock: 5,
  ...extra,
});

const catalogue: P[] = [
  p(1, "person", { active: false }),
  p(2, "person", { stock: 0 }),
  p(3, "Person ", { articleFragment: "jacket", additionalIdentifier: "XL" }),
  p(4, "person", { articleFragment: "jacket", additionalIdentifier: "M" }),
  p(5, "cup"),
  p(6, "person", { articleFragment: "shoe", active: false, stock: 0 }),
  p(7, "dog", { active: false }),
];
const ids = (xs: P[]) => xs.map((x) => x.id);

describe("pickProducts", () => {
  it("no match → no products", () => {
    expect(pickProducts(null, { catalogue, attachedProductId: 5 })).toEqual([]);
  });

  it("the product attached to the track comes first, alone", () => {
    expect(ids(pickProducts({ label: "person" }, { catalogue, attachedProductId: 5 }))).toEqual([5]);
    // Even out of stock it is the admin's choice.
    expect(ids(pickProducts({ label: "cup" }, { catalogue, attachedProductId: 2 }))).toEqual([2]);
  });

  it("an attached product that is inactive or not in the catalogue falls back to the rules", () => {
    expect(ids(pickProducts({ label: "cup" }, { catalogue, attachedProductId: 7 }))).toEqual([5]);
    expect(ids(pickProducts({ label: "cup" }, { catalogue, attachedProductId: 99 }))).toEqual([5]);
  });

  it("itemName equals the label (trimmed, any case); active first, then in stock, then catalogue order", () => {
    expect(ids(pickProducts({ label: "person" }, { catalogue }))).toEqual([3, 4, 2, 1, 6]);
    expect(ids(pickProducts({ label: "PERSON" }, { catalogue, limit: 2 }))).toEqual([3, 4]);
    expect(pickProducts({ label: "bicycle" }, { catalogue })).toEqual([]);
  });

  it("a hint narrows by articleFragment and additionalIdentifier", () => {
    expect(ids(pickProducts({ label: "person" }, { catalogue, hint: { article: "Rain Jacket 2024" } }))).toEqual([3, 4]);
    expect(ids(pickProducts({ label: "person" }, { catalogue, hint: { article: "rain jacket", identifier: "m" } }))).toEqual([4]);
    expect(ids(pickProducts({ label: "person" }, { catalogue, hint: { identifier: "XL" } }))).toEqual([3]);
  });

  it("a narrowing that would leave nothing is skipped (a hint is a preference, not a filter)", () => {
    expect(ids(pickProducts({ label: "person" }, { catalogue, hint: { article: "hat" } }))).toEqual([3, 4, 2, 1, 6]);
    expect(ids(pickProducts({ label: "person" }, { catalogue, hint: { article: "jacket", identifier: "S" } }))).toEqual([3, 4]);
  });

  it("keeps the caller's extra fields", () => {
    expect(pickProducts({ label: "cup" }, { catalogue })[0]?.name).toBe("p5");
  });
});
