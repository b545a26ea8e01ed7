"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormError } from "@/components/ui/form-error";
import { callApi } from "@/lib/api/client";

/** Stop (graceful: waits for the last segment) and "make a video" for one recording. */
export function RecordingActions({ id, running, videoId, hasSegments }: { id: number; running: boolean; videoId: number | null; hasSegments: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<"stop" | "video" | null>(null);

  async function act(kind: "stop" | "video") {
    setBusy(kind);
    setError(null);
    const res = await callApi(`/api/admin/recordings/${id}/${kind}`, { method: "POST" });
    setBusy(null);
    if (!res.ok) return setError(res.message);
    router.refresh();
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      <FormError message={error} />
      {running && (
        <button type="button" className="btn-danger" disabled={busy !== null} onClick={() => void act("stop")}>
          {busy === "stop" ? "Stopping… (finishing the last segment)" : "Stop"}
        </button>
      )}
      {!running && videoId === null && hasSegments && (
        <button type="button" className="btn-secondary" disabled={busy !== null} onClick={() => void act("video")}>
          {busy === "video" ? "Creating video…" : "Make a video"}
        </button>
      )}
      {videoId !== null && (
        <Link className="btn-secondary" href={`/admin/videos/${videoId}`}>
          Open video {videoId}
        </Link>
      )}
    </div>
  );
}
