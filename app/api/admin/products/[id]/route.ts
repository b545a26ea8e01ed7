import { readJson } from "@/lib/api/body";
import { idParam, route } from "@/lib/api/route";
import { productUpdateSchema, toAdminProduct } from "@/lib/catalogue/schemas";
import { deleteProduct, getProductOrThrow, updateProduct } from "@/lib/catalogue/service";

export const dynamic = "force-dynamic";

const BODY_LIMIT = 32 * 1024;

export const GET = route({ access: "admin" }, async ({ params }) => ({
  product: toAdminProduct(await getProductOrThrow(idParam(params.id, "Product"), { activeOnly: false })),
}));

export const PATCH = route({ access: "admin" }, async ({ req, params }) => {
  const id = idParam(params.id, "Product");
  const patch = await readJson(req, productUpdateSchema, BODY_LIMIT);
  return { product: toAdminProduct(await updateProduct(id, patch)) };
});

export const DELETE = route({ access: "admin" }, async ({ params }) => {
  await deleteProduct(idParam(params.id, "Product"));
  return new Response(null, { status: 204 });
});
