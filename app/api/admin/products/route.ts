import { readJson, readQuery } from "@/lib/api/body";
import { route } from "@/lib/api/route";
import { productCreateSchema, productListQuerySchema, toAdminProduct } from "@/lib/catalogue/schemas";
import { createProduct, searchProducts } from "@/lib/catalogue/service";

export const dynamic = "force-dynamic";

const PRODUCT_BODY_LIMIT = 32 * 1024;

// Admins see inactive products too.
export const GET = route({ access: "admin" }, async ({ req }) => {
  const { rows, ...page } = await searchProducts(readQuery(req, productListQuerySchema), { activeOnly: false });
  return { products: rows.map(toAdminProduct), ...page };
});

export const POST = route({ access: "admin" }, async ({ req }) => {
  const input = await readJson(req, productCreateSchema, PRODUCT_BODY_LIMIT);
  const product = await createProduct(input);
  return Response.json({ product: toAdminProduct(product) }, { status: 201 });
});
