import { readQuery } from "@/lib/api/body";
import { route } from "@/lib/api/route";
import { attachment, exportVideoCsv, exportVideoQuerySchema } from "@/lib/clicks/export";

export const dynamic = "force-dynamic";

// Every click of a video as CSV, streamed page by page.
export const GET = route({ access: "admin" }, async ({ req }) => {
  const { videoId } = readQuery(req, exportVideoQuerySchema);
  const { fileName, body } = await exportVideoCsv(videoId);
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": attachment(fileName),
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
