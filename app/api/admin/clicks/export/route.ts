import { readQuery } from "@/lib/api/body";
import { route } from "@/lib/api/route";
import { attachment, exportGroupFile, exportGroupQuerySchema } from "@/lib/clicks/export";

export const dynamic = "force-dynamic";

// The original system's file for one (user, IP, video): a JSON list of { x, y, timestamp, videoId }.
export const GET = route({ access: "admin" }, async ({ req }) => {
  const { fileName, body } = await exportGroupFile(readQuery(req, exportGroupQuerySchema));
  return new Response(body, {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": attachment(fileName),
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
