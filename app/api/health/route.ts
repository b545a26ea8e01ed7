import { route } from "@/lib/api/route";
import { healthReport } from "@/lib/server/health";

export const dynamic = "force-dynamic";

export const GET = route({ rateLimit: false }, async () => {
  const report = await healthReport();
  return Response.json(report, { status: report.ok ? 200 : 503 });
});
