import { idParam, route } from "@/lib/api/route";
import { toRecordingDto } from "@/lib/recordings/schemas";
import { stopRecording } from "@/lib/recordings/service";

export const dynamic = "force-dynamic";

/** Graceful stop: answers once the last segment is uploaded and the index written (≤ 20 s; else still `stopRequested`). */
export const POST = route<"admin", { id: string }>({ access: "admin" }, async ({ params }) => {
  const row = await stopRecording(idParam(params.id, "Recording"));
  return { recording: toRecordingDto(row) };
});
