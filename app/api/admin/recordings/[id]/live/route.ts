import { idParam, route } from "@/lib/api/route";
import { liveEventStream } from "@/lib/live/recording-live-view";

export const dynamic = "force-dynamic";

/** Server-sent events: the live detection's newest frame (`state`), its `events`, and `end`. */
export const GET = route<"admin", { id: string }>({ access: "admin" }, async ({ req, params }) => {
  const stream = await liveEventStream(idParam(params.id, "Recording"), req.signal);
  return new Response(stream, { headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" } });
});
