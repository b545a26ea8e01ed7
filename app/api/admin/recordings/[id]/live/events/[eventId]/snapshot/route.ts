import { idParam, route } from "@/lib/api/route";
import { liveSnapshot } from "@/lib/live/recording-live-view";

export const dynamic = "force-dynamic";

/** The event's snapshot: its best frame with the box drawn (JPEG). */
export const GET = route<"admin", { id: string; eventId: string }>({ access: "admin" }, async ({ req, params }) =>
  liveSnapshot(req, idParam(params.id, "Recording"), idParam(params.eventId, "Event")),
);
