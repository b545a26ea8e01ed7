import { notFound } from "@/lib/api/errors";
import { route } from "@/lib/api/route";
import { orderWithItems, toOrderJson } from "@/lib/shop/orders";

export const dynamic = "force-dynamic";

// One order by its unguessable public id (the link on the success page and in the receipt).
export const GET = route<"public", { publicId: string }>({}, async ({ params }) => {
  const found = await orderWithItems(params.publicId);
  if (!found) throw notFound("Order");
  return { order: toOrderJson(found.order, found.items) };
});
