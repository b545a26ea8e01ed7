import { idParam, route } from "@/lib/api/route";
import { videoAnalytics } from "@/lib/analytics/service";

export const dynamic = "force-dynamic";

/** One video: funnel, click heat grid (video px), clicks over video time, top products (admins). */
export const GET = route<"admin", { id: string }>({ access: "admin" }, async ({ params }) => videoAnalytics(idParam(params.id, "Video")));
