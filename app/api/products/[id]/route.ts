import { idParam, route } from "@/lib/api/route";
import { toPublicProduct } from "@/lib/catalogue/schemas";
import { getProductOrThrow } from "@/lib/catalogue/service";

export const dynamic = "force-dynamic";

export const GET = route({ access: "public" }, async ({ params }) => ({
  product: toPublicProduct(await getProductOrThrow(idParam(params.id, "Product"), { activeOnly: true })),
}));
