import { readTextLimited } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { route } from "@/lib/api/route";
import { formatFromContentType } from "@/lib/catalogue/import";
import { importProducts } from "@/lib/catalogue/service";

export const dynamic = "force-dynamic";

const IMPORT_LIMIT = 2 * 1024 * 1024;

// CSV (text/csv) or JSON (application/json) by content type. Any rejected row → 422, nothing written.
export const POST = route({ access: "admin", rateLimit: 30 }, async ({ req }) => {
  const format = formatFromContentType(req.headers.get("content-type"));
  if (!format) throw new ApiError("unsupported_media_type", "Send the file as text/csv or application/json");
  const text = await readTextLimited(req, IMPORT_LIMIT);
  const { ok, report } = await importProducts(text, format);
  if (ok) return report;
  const n = report.rejected.length;
  const message = `${n} row${n === 1 ? " was" : "s were"} rejected, so nothing was imported`;
  return Response.json({ error: { code: "validation_failed", message }, ...report }, { status: 422 });
});
