import { readJson, readQuery } from "@/lib/api/body";
import { idParam, route } from "@/lib/api/route";
import { manualTrackBody, tracksQuery } from "@/lib/studio/schemas";
import { addManualTrack, studioTracks } from "@/lib/studio/service";

export const dynamic = "force-dynamic";

/** The video's tracks with spans, products and box counts; ?boxes=1 adds every stored box. */
export const GET = route<"admin", { id: string }>({ access: "admin" }, async ({ req, params }) => {
  const q = readQuery(req, tracksQuery);
  return studioTracks(idParam(params.id, "Video"), q.boxes === "1");
});

/** A manual track for an object the detector missed: its class and a first keyframe box. */
export const POST = route<"admin", { id: string }>({ access: "admin" }, async ({ req, params }) => {
  const body = await readJson(req, manualTrackBody);
  return Response.json(await addManualTrack(idParam(params.id, "Video"), body.label, body.frameIndex, body.box), { status: 201 });
});
