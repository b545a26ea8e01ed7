// Turns the admin form's text fields into the API's input shape, and API/zod errors into per-field
// messages. Client-safe: no server imports.

export const PRODUCT_FIELDS = [
  "sku",
  "name",
  "description",
  "price",
  "currency",
  "stock",
  "itemName",
  "articleFragment",
  "additionalIdentifier",
  "active",
] as const;
export type ProductField = (typeof PRODUCT_FIELDS)[number];
export type FieldErrors = Partial<Record<ProductField | "form", string>>;

export function productInputFromForm(form: FormData): Record<string, unknown> {
  const text = (k: string) => String(form.get(k) ?? "");
  const stock = text("stock").trim();
  return {
    sku: text("sku"),
    name: text("name"),
    description: text("description"),
    price: text("price"),
    currency: text("currency"),
    // Numbers stay text when they are not whole numbers, so the schema can say what is wrong.
    ...(stock === "" ? {} : { stock: /^[+-]?\d+$/.test(stock) ? Number(stock) : stock }),
    itemName: text("itemName"),
    articleFragment: text("articleFragment"),
    additionalIdentifier: text("additionalIdentifier"),
    active: form.get("active") === "on",
  };
}

type Issue = { path: string | PropertyKey[]; message: string };

/** The first message per field; errors about priceCents are shown on the price field. */
export function fieldErrorsFrom(issues: readonly Issue[]): FieldErrors {
  const out: FieldErrors = {};
  for (const i of issues) {
    const path = Array.isArray(i.path) ? i.path.map(String).join(".") : String(i.path);
    const head = path.split(".")[0] ?? "";
    const field = (head === "priceCents" ? "price" : head) as ProductField | "";
    const key = (PRODUCT_FIELDS as readonly string[]).includes(field) ? (field as ProductField) : "form";
    out[key] ??= i.message;
  }
  return out;
}
