import { idParam, route } from "@/lib/api/route";
import { productAnalytics } from "@/lib/analytics/service";

export const dynamic = "force-dynamic";

/** Which videos sell this product: attached tracks, clicks, cart adds, paid units and revenue per video (admins). */
export const GET = route<"admin", { id: string }>({ access: "admin" }, async ({ params }) => productAnalytics(idParam(params.id, "Product")));
