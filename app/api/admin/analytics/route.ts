import { route } from "@/lib/api/route";
import { overview } from "@/lib/analytics/service";

export const dynamic = "force-dynamic";

/** Funnel totals across videos, per-video funnels and top products (admins). */
export const GET = route({ access: "admin" }, async () => overview());
