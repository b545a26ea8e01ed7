import { describe, expect, it } from "vitest";
import { fieldErrorsFrom, productInputFromForm } from "@/lib/catalogue/form";
import { formatPrice, priceInput, stockState } from "@/lib/catalogue/format";
import { listQueryFrom } from "@/lib/catalogue/query";
import { productCreateSchema } from "@/lib/catalogue/schemas";

describe("formatPrice", () => {
  it("formats by currency", () => {
    expect(formatPrice(1250, "EUR")).toBe("€12.50");
    expect(formatPrice(1999, "USD")).toBe("$19.99");
    expect(formatPrice(100000, "GBP")).toBe("£1,000.00");
  });
  it("falls back to plain text for a code Intl refuses", () => {
    expect(formatPrice(150, "??")).toBe("1.50 ??");
  });
  it("gives the admin form's price text", () => {
    expect(priceInput(1250)).toBe("12.50");
    expect(priceInput(5)).toBe("0.05");
  });
});

describe("stockState", () => {
  it("says in stock, low or out", () => {
    expect(stockState(0)).toEqual({ label: "Out of stock", tone: "out" });
    expect(stockState(3)).toEqual({ label: "Only 3 left", tone: "low" });
    expect(stockState(50).tone).toBe("ok");
  });
});

describe("admin form helpers", () => {
  const form = (entries: Record<string, string>) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(entries)) f.set(k, v);
    return f;
  };

  it("turns form text into the API input the schema accepts", () => {
    const input = productInputFromForm(form({ sku: "a-1", name: "A", price: "2.5", currency: "eur", stock: "4", itemName: "", active: "on" }));
    expect(input).toMatchObject({ sku: "a-1", stock: 4, active: true, itemName: "" });
    expect(productCreateSchema.parse(input)).toMatchObject({ sku: "A-1", priceCents: 250, currency: "EUR", stock: 4, itemName: null, active: true });
  });

  it("keeps a non-numeric stock as text so the schema explains it, and unchecked active is false", () => {
    const input = productInputFromForm(form({ sku: "A", name: "A", price: "1", stock: "2.5" }));
    expect(input).toMatchObject({ stock: "2.5", active: false });
    const r = productCreateSchema.safeParse(input);
    expect(fieldErrorsFrom(r.error!.issues).stock).toBe("Enter a whole number, 0 or more");
  });

  it("maps API details to fields, priceCents to price and the rest to the form", () => {
    expect(
      fieldErrorsFrom([
        { path: "priceCents", message: "too high" },
        { path: "sku", message: "bad" },
        { path: "sku", message: "second" },
        { path: "", message: "Nothing to update" },
      ]),
    ).toEqual({ price: "too high", sku: "bad", form: "Nothing to update" });
  });
});

describe("listQueryFrom", () => {
  it("keeps valid parameters and drops bad ones", () => {
    expect(listQueryFrom({ q: "mug", class: "Cup", page: "2" })).toEqual({ q: "mug", class: "cup", page: 2 });
    expect(listQueryFrom({ q: ["a", "b"], class: "space;ship", page: "x" })).toEqual({ q: "a", page: 1 });
    expect(listQueryFrom({})).toEqual({ page: 1 });
  });
});
