import { productListQuerySchema, type ProductListQuery } from "./schemas";

type SearchParams = Record<string, string | string[] | undefined>;

/** A page's search params as a list query; a bad value (unknown class, page "x") is dropped, not an error. */
export function listQueryFrom(sp: SearchParams): ProductListQuery {
  const first = (k: string) => {
    const v = sp[k];
    return Array.isArray(v) ? v[0] : v;
  };
  const query: ProductListQuery = { page: 1 };
  for (const key of ["q", "class", "page"] as const) {
    const r = productListQuerySchema.safeParse({ [key]: first(key) });
    if (r.success && r.data[key] !== undefined) Object.assign(query, { [key]: r.data[key] });
  }
  return query;
}
