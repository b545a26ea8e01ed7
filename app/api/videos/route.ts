import { listVideos } from "@/lib/videos/service";
import { readQuery } from "@/lib/api/body";
import { route } from "@/lib/api/route";
import { toAdminVideo, toPublicVideo, toRun } from "@/lib/videos/dto";
import { listQuery } from "@/lib/videos/schemas";
import { ingestUpload } from "@/lib/videos/upload";

export const dynamic = "force-dynamic";

/** Videos: admins see all of them with processing details; everyone else sees ready ones. */
export const GET = route({}, async ({ req, identity }) => {
  const q = readQuery(req, listQuery);
  const admin = identity?.role === "admin";
  const rows = await listVideos({ status: admin ? q.status : "ready", limit: q.limit, offset: q.offset });
  return { videos: rows.map((v) => (admin ? toAdminVideo(v) : toPublicVideo(v))) };
});

/** Upload: multipart/form-data (`file`, optional `youtube`, `title`) or the raw file with ?youtube=&title=&filename=. */
export const POST = route({ access: "admin", rateLimit: 60 }, async ({ req, identity }) => {
  const { video, run } = await ingestUpload(req, identity.userId);
  return Response.json({ video: toAdminVideo(video), run: run ? toRun(run) : null }, { status: 201 });
});
