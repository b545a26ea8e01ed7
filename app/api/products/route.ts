import { readQuery } from "@/lib/api/body";
import { route } from "@/lib/api/route";
import { productListQuerySchema, toPublicProduct } from "@/lib/catalogue/schemas";
import { searchProducts } from "@/lib/catalogue/service";

export const dynamic = "force-dynamic";

// ?q= searches name, description and SKU; ?class= filters by detector class; ?page= is 1-based.
export const GET = route({ access: "public" }, async ({ req }) => {
  const { rows, ...page } = await searchProducts(readQuery(req, productListQuerySchema), { activeOnly: true });
  return { products: rows.map(toPublicProduct), ...page };
});
