"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { FormError } from "@/components/ui/form-error";
import { formatBytes } from "./format";

type Progress = { loaded: number; total: number } | null;

/** Reads the API's error shape from an XHR response, in words for people. */
function messageFrom(xhr: XMLHttpRequest): string {
  if (xhr.status === 0) return "The upload was interrupted: check your connection and try again.";
  try {
    const body = JSON.parse(xhr.responseText) as { error?: { message?: string; details?: { path: string; message: string }[] } };
    const d = body.error?.details?.[0];
    const msg = body.error?.message ?? `Upload failed (${xhr.status})`;
    if (xhr.status === 413) return `${msg}. Ask for a smaller export of the video.`;
    if (xhr.status === 409) return `${msg}. Delete the existing video first, or leave the YouTube field empty.`;
    return d ? `${msg}: ${d.path} — ${d.message}` : msg;
  } catch {
    return `Upload failed (${xhr.status})`;
  }
}

/** Upload with a progress bar (XHR reports upload progress; fetch does not). */
export function UploadForm({ maxMb }: { maxMb: number }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress>(null);
  const [phase, setPhase] = useState<"idle" | "sending" | "checking">("idle");
  const xhrRef = useRef<XMLHttpRequest | null>(null);

  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const file = data.get("file");
    if (!(file instanceof File) || file.size === 0) return setError("Choose a video file to upload.");
    if (file.size > maxMb * 1024 * 1024) return setError(`This file is ${formatBytes(file.size)}; the limit is ${maxMb} MB.`);
    // Text fields first: the server can refuse a bad or taken id before the file is sent.
    const body = new FormData();
    body.set("youtube", String(data.get("youtube") ?? ""));
    body.set("title", String(data.get("title") ?? ""));
    body.set("file", file, file.name);
    setError(null);
    setPhase("sending");
    setProgress({ loaded: 0, total: file.size });
    const xhr = new XMLHttpRequest();
    xhrRef.current = xhr;
    xhr.open("POST", "/api/videos");
    xhr.upload.onprogress = (ev) => {
      if (ev.lengthComputable) setProgress({ loaded: ev.loaded, total: ev.total });
    };
    xhr.upload.onload = () => setPhase("checking");
    let aborted = false;
    xhr.onabort = () => {
      aborted = true;
    };
    xhr.onloadend = () => {
      xhrRef.current = null;
      setPhase("idle");
      setProgress(null);
      if (aborted) {
        setError("Upload canceled.");
      } else if (xhr.status === 201) {
        form.reset();
        const id = (JSON.parse(xhr.responseText) as { video: { id: number } }).video.id;
        router.push(`/admin/videos/${id}`);
        router.refresh();
      } else {
        setError(messageFrom(xhr));
      }
    };
    xhr.send(body);
  }

  const pct = progress && progress.total > 0 ? Math.round((progress.loaded / progress.total) * 100) : 0;
  const busy = phase !== "idle";
  return (
    <form onSubmit={submit} className="space-y-4" aria-describedby="upload-help">
      <p id="upload-help" className="text-sm text-slate-600">
        MP4, MOV, MKV or WebM, up to {maxMb} MB. The file is checked before it is accepted; then its exact frame timeline is read in the background.
      </p>
      <FormError message={error} />
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label className="label" htmlFor="upload-youtube">YouTube URL or id (optional)</label>
          <input className="input" id="upload-youtube" name="youtube" placeholder="https://www.youtube.com/watch?v=…" maxLength={2048} disabled={busy} />
          <p className="mt-1 text-xs text-slate-500">Left empty: taken from a file named &lt;videoId&gt;.mp4, else a local id is made.</p>
        </div>
        <div>
          <label className="label" htmlFor="upload-title">Title (optional)</label>
          <input className="input" id="upload-title" name="title" maxLength={200} disabled={busy} />
        </div>
      </div>
      <div>
        <label className="label" htmlFor="upload-file">Video file</label>
        <input className="input" id="upload-file" name="file" type="file" accept="video/*,.mkv" required disabled={busy} />
      </div>
      {progress && (
        <div className="space-y-1" aria-live="polite">
          <div
            className="h-2 w-full overflow-hidden rounded bg-slate-200"
            role="progressbar"
            aria-label="Upload progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={pct}
          >
            <div className="h-full bg-brand-600 transition-[width]" style={{ width: `${pct}%` }} />
          </div>
          <p className="text-xs text-slate-600">
            {phase === "checking"
              ? "Uploaded; checking that the file is a complete video…"
              : `${formatBytes(progress.loaded)} of ${formatBytes(progress.total)} (${pct}%)`}
          </p>
        </div>
      )}
      <div className="flex gap-2">
        <button className="btn-primary" type="submit" disabled={busy}>
          {busy ? "Uploading…" : "Upload"}
        </button>
        {phase === "sending" && (
          <button className="btn-secondary" type="button" onClick={() => xhrRef.current?.abort()}>
            Cancel upload
          </button>
        )}
      </div>
    </form>
  );
}
