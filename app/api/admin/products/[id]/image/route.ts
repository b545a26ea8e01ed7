import { idParam, route } from "@/lib/api/route";
import { readImageUpload } from "@/lib/catalogue/image";
import { toAdminProduct } from "@/lib/catalogue/schemas";
import { removeProductImage, setProductImage } from "@/lib/catalogue/service";

export const dynamic = "force-dynamic";

// Multipart (field "image") or a raw image body, at most 5 MB; stored re-encoded as WebP.
export const POST = route({ access: "admin", rateLimit: 60 }, async ({ req, params }) => {
  const id = idParam(params.id, "Product");
  const upload = await readImageUpload(req);
  return { product: toAdminProduct(await setProductImage(id, upload)) };
});

export const DELETE = route({ access: "admin" }, async ({ params }) => ({
  product: toAdminProduct(await removeProductImage(idParam(params.id, "Product"))),
}));
