import { DomainError, InvalidInputError } from "@/lib/errors";
import { CsvError, parseCsv, sniffDelimiter } from "./csv";
import { productCreateSchema, READ_ONLY_KEYS, type ProductCreate } from "./schemas";

// Import = parse the whole file, validate every row, and only then write (see service.importProducts).

export const MAX_IMPORT_ROWS = 5000;

export type ImportIssue = { path: string; message: string };
export type RejectedRow = { row: number; sku?: string; errors: ImportIssue[] };
export type ImportReport = { accepted: number; rejected: RejectedRow[]; created: number; updated: number };
export type ImportFormat = "csv" | "json";

/** CSV header → field. Headers match case- and punctuation-insensitively: "Item name", "item_name". */
const COLUMNS: Record<string, string> = {
  sku: "sku",
  name: "name",
  description: "description",
  price: "price",
  pricecents: "priceCents",
  currency: "currency",
  stock: "stock",
  itemname: "itemName",
  class: "itemName",
  articlefragment: "articleFragment",
  additionalidentifier: "additionalIdentifier",
  active: "active",
};
const IGNORED_COLUMNS = new Set(READ_ONLY_KEYS.map((k) => k.toLowerCase()));

const fileError = (message: string, details?: unknown) => new InvalidInputError(message, details);

export function formatFromContentType(contentType: string | null): ImportFormat | undefined {
  const t = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (t === "application/json" || t.endsWith("+json")) return "json";
  if (t === "text/csv" || t === "application/csv" || t === "text/comma-separated-values" || t === "application/vnd.ms-excel") {
    return "csv";
  }
  return undefined;
}

/** Spreadsheet cells are text: numbers and yes/no become typed values; empty cells are "not given". */
function coerceCell(field: string, raw: string): unknown {
  const v = raw.trim();
  if (v === "") return undefined;
  if ((field === "stock" || field === "priceCents") && /^[+-]?\d+$/.test(v)) return Number(v);
  if (field === "active") {
    const l = v.toLowerCase();
    if (["true", "yes", "y", "1"].includes(l)) return true;
    if (["false", "no", "n", "0"].includes(l)) return false;
  }
  return v;
}

type RawRow = { row: number; data: unknown; errors?: ImportIssue[] };

export function rowsFromCsv(text: string): RawRow[] {
  let records;
  try {
    records = parseCsv(text, { delimiter: sniffDelimiter(text) });
  } catch (e) {
    if (e instanceof CsvError) throw fileError(`The CSV file could not be read: ${e.message}`);
    throw e;
  }
  const [header, ...body] = records;
  if (!header) throw fileError("The CSV file is empty; the first line must name the columns (sku,name,price,…)");
  const fields = header.fields.map((h) => {
    const norm = h.toLowerCase().replace(/[^a-z]/g, "");
    return IGNORED_COLUMNS.has(norm) ? null : (COLUMNS[norm] ?? undefined);
  });
  const unknown = header.fields.filter((_, i) => fields[i] === undefined);
  if (unknown.length) {
    throw fileError(
      `Unknown column${unknown.length > 1 ? "s" : ""}: ${unknown.map((u) => JSON.stringify(u)).join(", ")}. ` +
        `Known columns: sku, name, description, price, currency, stock, itemName, articleFragment, additionalIdentifier, active.`,
    );
  }
  const seen = new Set<string>();
  for (const f of fields) {
    if (f && seen.has(f)) throw fileError(`The column for "${f}" appears twice`);
    if (f) seen.add(f);
  }
  for (const required of ["sku", "name"]) {
    if (!seen.has(required)) throw fileError(`The CSV file needs a "${required}" column`);
  }
  if (!seen.has("price") && !seen.has("priceCents")) throw fileError('The CSV file needs a "price" column');
  if (body.length > MAX_IMPORT_ROWS) throw fileError(`Too many rows: at most ${MAX_IMPORT_ROWS} per import`);

  return body.map((rec, idx) => {
    const row = idx + 1;
    if (rec.fields.length !== header.fields.length) {
      const sku = fields.indexOf("sku");
      return {
        row,
        data: { sku: sku >= 0 ? rec.fields[sku] : undefined },
        errors: [{ path: "", message: `This row has ${rec.fields.length} fields; the header has ${header.fields.length} (line ${rec.line})` }],
      };
    }
    const data: Record<string, unknown> = {};
    rec.fields.forEach((cell, i) => {
      const f = fields[i];
      if (!f) return;
      const v = coerceCell(f, cell);
      if (v !== undefined) data[f] = v;
    });
    return { row, data };
  });
}

export function rowsFromJson(text: string): RawRow[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new DomainError("malformed", "The request body is not valid JSON");
  }
  const list = Array.isArray(parsed)
    ? parsed
    : parsed && typeof parsed === "object" && Array.isArray((parsed as { products?: unknown }).products)
      ? (parsed as { products: unknown[] }).products
      : undefined;
  if (!list) throw fileError('Send a JSON array of products, or { "products": [...] }');
  if (list.length > MAX_IMPORT_ROWS) throw fileError(`Too many rows: at most ${MAX_IMPORT_ROWS} per import`);
  return list.map((data, i) => ({ row: i + 1, data }));
}

function skuOf(data: unknown): string | undefined {
  const s = data && typeof data === "object" ? (data as { sku?: unknown }).sku : undefined;
  return typeof s === "string" && s.trim() ? s.trim().toUpperCase() : undefined;
}

/** Validates every row; duplicate SKUs inside the file reject the later rows. Writes nothing. */
export function validateImport(rows: RawRow[]): { valid: ProductCreate[]; report: ImportReport } {
  const valid: ProductCreate[] = [];
  const rejected: RejectedRow[] = [];
  const firstRowOfSku = new Map<string, number>();
  for (const { row, data, errors: early } of rows) {
    const errors: ImportIssue[] = [...(early ?? [])];
    let value: ProductCreate | undefined;
    if (!early) {
      if (!data || typeof data !== "object" || Array.isArray(data)) {
        errors.push({ path: "", message: "Each row must be an object with product fields" });
      } else {
        const clean: Record<string, unknown> = { ...(data as Record<string, unknown>) };
        for (const k of READ_ONLY_KEYS) delete clean[k];
        const r = productCreateSchema.safeParse(clean);
        if (r.success) value = r.data;
        else errors.push(...r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
      }
    }
    const sku = value?.sku ?? skuOf(data);
    if (sku !== undefined) {
      const first = firstRowOfSku.get(sku);
      if (first !== undefined) errors.push({ path: "sku", message: `Duplicate SKU ${sku}: also in row ${first}` });
      else firstRowOfSku.set(sku, row);
    }
    if (errors.length) rejected.push({ row, ...(sku !== undefined ? { sku } : {}), errors });
    else if (value) valid.push(value);
  }
  return { valid, report: { accepted: valid.length, rejected, created: 0, updated: 0 } };
}
