import { readJson } from "@/lib/api/body";
import { route } from "@/lib/api/route";
import { recordingStartSchema, toRecordingDto } from "@/lib/recordings/schemas";
import { listRecordings, startRecording } from "@/lib/recordings/service";

export const dynamic = "force-dynamic";

export const GET = route({ access: "admin" }, async () => {
  const rows = await listRecordings();
  return { recordings: rows.map((r) => toRecordingDto(r)) };
});

/** Queues a recording of an RTSP stream into the app's storage; a job worker takes it within a poll. */
export const POST = route({ access: "admin" }, async ({ req, identity }) => {
  const input = await readJson(req, recordingStartSchema, 8 * 1024);
  const row = await startRecording(input, identity.userId);
  return Response.json({ recording: toRecordingDto(row) }, { status: 201 });
});
