import { getLiveEvent, getLiveState, listLiveEvents, type RecordingLiveEvent, type RecordingLiveState } from "@/db/queries/recording-live";
import { getRecording } from "@/db/queries/recordings";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { storedFileResponse } from "@/lib/storage/http";

// What the admin sees of a recording's live detection: the newest frame's boxes with their latency
// (state), and the events with their snapshots and, once the recording is a video, the link to the
// event's start on it (`/videos/<id>?t=<ms>`: the frame whose exact pts that is — ms rounded up, and
// the player shows the last frame with pts ≤ t).

export function toLiveStateDto(s: RecordingLiveState) {
  return {
    run: s.run,
    ptsMs: s.ptsMs,
    wallClockMs: s.wallClockMs,
    latencyMs: s.latencyMs,
    width: s.width,
    height: s.height,
    objects: s.objects,
    analysed: s.analysed,
    dropped: s.dropped,
    detectorRuns: s.detectorRuns,
    updatedAt: s.updatedAt.toISOString(),
  };
}

export function toLiveEventDto(e: RecordingLiveEvent) {
  const at = e.videoStartMs === null ? null : Math.max(0, Math.ceil(e.videoStartMs - 1e-6));
  return {
    id: e.id,
    trackId: e.trackId,
    label: e.label,
    startWallClockMs: e.startWallClockMs,
    endWallClockMs: e.endWallClockMs,
    startRun: e.startRun,
    startPtsMs: e.startPtsMs,
    endRun: e.endRun,
    endPtsMs: e.endPtsMs,
    score: e.score,
    box: e.box,
    snapshotUrl: e.snapshotKey ? `/api/admin/recordings/${e.recordingId}/live/events/${e.id}/snapshot` : null,
    videoId: e.videoId,
    videoStartMs: e.videoStartMs,
    videoUrl: e.videoId !== null && at !== null ? `/videos/${e.videoId}?t=${at}` : null,
  };
}

export type LiveStateDto = ReturnType<typeof toLiveStateDto>;
export type LiveEventDto = ReturnType<typeof toLiveEventDto>;

async function mustExist(id: number) {
  const row = await getRecording(id);
  if (!row) throw new NotFoundError("Recording");
  return row;
}

export async function liveEvents(id: number): Promise<LiveEventDto[]> {
  await mustExist(id);
  return (await listLiveEvents(id)).map(toLiveEventDto);
}

export async function liveSnapshot(req: Request, id: number, eventId: number): Promise<Response> {
  const e = await getLiveEvent(id, eventId);
  if (!e?.snapshotKey) throw new NotFoundError("Snapshot");
  return storedFileResponse(req, e.snapshotKey, { contentType: "image/jpeg", etag: `live-${e.id}`, missing: "The snapshot is missing from storage" });
}

const enc = new TextEncoder();
const message = (event: string, data: unknown) => enc.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

/**
 * Server-sent events of a recording's live detection: `state` whenever the newest-frame row changes,
 * `events` (the whole list) whenever an event is added or placed on the video, `end` once the recording
 * is no longer running (then the stream closes). Polls the database (`pollMs`), so any process's
 * worker can be the one analysing. A stream lasts at most `maxMs` (an EventSource reconnects).
 */
export async function liveEventStream(id: number, signal: AbortSignal, pollMs = 250, maxMs = 10 * 60_000): Promise<ReadableStream<Uint8Array>> {
  const rec = await mustExist(id);
  if (!rec.live) throw new ConflictError("Live detection is off for this recording");
  const until = Date.now() + maxMs;
  let lastState = "";
  let lastEvents = "";
  let timer: NodeJS.Timeout | undefined;
  // Set when the stream ends from either side: our `end`/time limit, the request's abort, or the
  // reader's cancel (after which the controller may no longer be closed or written).
  let closed = false;
  return new ReadableStream<Uint8Array>({
    start(ctrl) {
      const close = () => {
        if (closed) return;
        closed = true;
        clearTimeout(timer);
        ctrl.close();
      };
      signal.addEventListener("abort", close, { once: true });
      const tick = async () => {
        if (closed) return;
        try {
          const [row, state, events] = await Promise.all([getRecording(id), getLiveState(id), listLiveEvents(id)]);
          if (closed) return;
          const s = state ? toLiveStateDto(state) : null;
          if (s && s.updatedAt !== lastState) {
            lastState = s.updatedAt;
            ctrl.enqueue(message("state", s));
          }
          const ev = events.map(toLiveEventDto);
          const evKey = ev.map((e) => `${e.id}:${e.videoStartMs}`).join(",");
          if (evKey !== lastEvents) {
            lastEvents = evKey;
            ctrl.enqueue(message("events", ev));
          }
          if (!row || (row.status !== "starting" && row.status !== "recording")) {
            ctrl.enqueue(message("end", { status: row?.status ?? "gone" }));
            return close();
          }
          if (Date.now() >= until) return close();
          ctrl.enqueue(enc.encode(": ping\n\n"));
        } catch (e) {
          if (closed) return;
          ctrl.enqueue(message("error", { message: e instanceof Error ? e.message : String(e) }));
        }
        if (!closed) timer = setTimeout(() => void tick(), pollMs);
      };
      void tick();
    },
    cancel() {
      closed = true;
      clearTimeout(timer);
    },
  });
}

/** State and events of each recording with live detection on, for the recordings page. */
export async function liveViews(ids: number[]): Promise<Map<number, { state: LiveStateDto | null; events: LiveEventDto[] }>> {
  const out = new Map<number, { state: LiveStateDto | null; events: LiveEventDto[] }>();
  for (const id of ids) {
    const [state, events] = await Promise.all([getLiveState(id), listLiveEvents(id)]);
    out.set(id, { state: state ? toLiveStateDto(state) : null, events: events.map(toLiveEventDto) });
  }
  return out;
}
