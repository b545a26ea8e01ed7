/** What the product rules read from a catalogue row (lib/catalogue's products satisfy it). */
export interface CatalogueProduct {
  id: number;
  itemName?: string | null;
  articleFragment?: string | null;
  additionalIdentifier?: string | null;
  active: boolean;
  stock: number;
}

/** Optional narrowing from the caller (e.g. a known article name or size/colour code). */
export interface ProductHint {
  article?: string | null;
  identifier?: string | null;
}

export interface PickProductsOptions<P extends CatalogueProduct> {
  /** The product an admin attached to the matched track. */
  attachedProductId?: number | null;
  /** Candidates: must include the attached product for it to be returned. */
  catalogue: readonly P[];
  hint?: ProductHint;
  /** At most this many products (default: all). */
  limit?: number;
}

/**
 * Products for a matched object, best first (rules in docs/matching.md):
 * 1. the product attached to the track, if it is in the catalogue and active — alone;
 * 2. otherwise products whose itemName equals the label (trimmed, case-insensitive), narrowed by the
 *    hint's article (contains the product's articleFragment) and identifier (equals the product's
 *    additionalIdentifier), each narrowing skipped when it would leave nothing;
 *    ordered active first, then in stock first, then catalogue order.
 */
export function pickProducts<P extends CatalogueProduct>(match: { label: string } | null, opts: PickProductsOptions<P>): P[] {
  if (!match) return [];
  const limit = opts.limit ?? Infinity;
  if (opts.attachedProductId != null) {
    const attached = opts.catalogue.find((p) => p.id === opts.attachedProductId);
    if (attached && attached.active) return limit > 0 ? [attached] : [];
  }
  const label = norm(match.label);
  if (!label) return [];
  let candidates = opts.catalogue.filter((p) => norm(p.itemName) === label);

  const article = norm(opts.hint?.article);
  if (article) {
    const narrowed = candidates.filter((p) => {
      const frag = norm(p.articleFragment);
      return frag !== "" && article.includes(frag);
    });
    if (narrowed.length > 0) candidates = narrowed;
  }
  const identifier = norm(opts.hint?.identifier);
  if (identifier) {
    const narrowed = candidates.filter((p) => norm(p.additionalIdentifier) === identifier);
    if (narrowed.length > 0) candidates = narrowed;
  }

  const ranked = candidates.map((p, i) => ({ p, i }));
  ranked.sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i);
  return ranked.slice(0, limit).map((r) => r.p);
}

/** 0 active in stock, 1 active out of stock, 2 inactive in stock, 3 inactive out of stock. */
function rank(p: CatalogueProduct): number {
  return (p.active ? 0 : 2) + (p.stock > 0 ? 0 : 1);
}

function norm(s: string | null | undefined): string {
  return (s ?? "").trim().toLowerCase();
}
