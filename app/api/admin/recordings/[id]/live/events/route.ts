import { idParam, route } from "@/lib/api/route";
import { liveEvents } from "@/lib/live/recording-live-view";

export const dynamic = "force-dynamic";

/** The recording's live events, oldest first, with snapshot and video links. */
export const GET = route<"admin", { id: string }>({ access: "admin" }, async ({ params }) => ({ events: await liveEvents(idParam(params.id, "Recording")) }));
