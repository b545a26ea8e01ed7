"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormError } from "@/components/ui/form-error";
import { callApi } from "@/lib/api/client";

/** Queues a recording of an RTSP URL; a job worker runs it (and another resumes it if that one dies). */
export function StartRecordingForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(form: HTMLFormElement) {
    const data = new FormData(form);
    const num = (k: string) => {
      const v = String(data.get(k) ?? "").trim();
      return v === "" ? undefined : Number(v);
    };
    setBusy(true);
    setError(null);
    const res = await callApi("/api/admin/recordings", {
      method: "POST",
      json: { sourceUrl: String(data.get("sourceUrl") ?? ""), seconds: num("seconds"), segmentSeconds: num("segmentSeconds"), live: num("liveFps") === undefined ? undefined : { fps: num("liveFps") } },
    });
    setBusy(false);
    if (!res.ok) return setError(res.message);
    form.reset();
    router.refresh();
  }

  return (
    <form
      className="grid gap-4 md:grid-cols-[1fr_10rem_10rem_10rem_auto] md:items-end"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(e.currentTarget);
      }}
    >
      <div className="md:col-span-5">
        <FormError message={error} />
      </div>
      <label className="label">
        RTSP URL
        <input name="sourceUrl" type="text" required placeholder="rtsp://camera.local:554/stream" className="input mt-1 w-full" />
      </label>
      <label className="label">
        Stop after (s)
        <input name="seconds" type="number" min="1" step="1" placeholder="until stopped" className="input mt-1 w-full" />
      </label>
      <label className="label">
        Segment length (s)
        <input name="segmentSeconds" type="number" min="1" max="600" step="1" placeholder="10" className="input mt-1 w-full" />
      </label>
      <label className="label">
        Live detection (fps)
        <input name="liveFps" type="number" min="1" max="10" step="1" placeholder="off" className="input mt-1 w-full" />
      </label>
      <button type="submit" className="btn-primary" disabled={busy}>
        {busy ? "Starting…" : "Start recording"}
      </button>
    </form>
  );
}
